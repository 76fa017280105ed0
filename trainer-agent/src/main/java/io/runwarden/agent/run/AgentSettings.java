package io.runwarden.agent.run;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the agent needs besides Kafka (see README, "trainer-agent" configuration).
 *
 * @param agentId           this agent's id (run-started.agentId, command consumer group)
 * @param workDir           runs' directories (checkpoints, final model) live under it, one per run id
 * @param resume            continue a run from its newest checkpoint when its directory has one
 * @param heartbeatInterval heartbeat cadence while a run trains
 * @param progressEvery     a progress log line every this many steps (0: none)
 * @param flushTimeout      how long the end of a run waits for its telemetry to reach Kafka
 */
public record AgentSettings(String agentId, Path workDir, boolean resume, Duration heartbeatInterval,
                            int progressEvery, Duration flushTimeout) {
}
