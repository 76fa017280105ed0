package io.runwarden.dashboard.state;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** The full live state of one run: its summary, spec and policy, alerts, commands and chart markers. */
public record RunDetail(RunSummary summary, JsonNode spec, JsonNode policy, String finishReason,
                        String restoredCheckpointId, String lastCheckpointId, List<AlertView> alerts,
                        List<CommandView> commands, List<Marker> markers) {
}
