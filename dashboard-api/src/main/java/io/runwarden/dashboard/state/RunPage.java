package io.runwarden.dashboard.state;

import java.util.List;

/** A page of the run list: {@code total} runs matched the filters. */
public record RunPage(List<RunSummary> runs, int page, int size, int total) {
}
