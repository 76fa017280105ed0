package io.runwarden.engine;

import io.runwarden.protocol.RunSpec;

/** One prepared fine-tuning run: validated, data loaded, model built, ready to train. */
public interface TrainingJob extends AutoCloseable {

    String runId();

    /** The spec with every default filled in. */
    RunSpec spec();

    /** Total optimizer steps the schedule is defined over. */
    long totalSteps();

    /**
     * Trains on the calling thread until the run completes, is stopped by a directive, or fails. Resumes from the
     * latest checkpoint in the job's work directory when the options asked for it. Never throws for a training
     * failure: the returned report (also given to {@link TrainingListener#finished}) says {@code failed}.
     */
    FinishReport run(TrainingListener listener, DirectiveSource directives);

    @Override
    void close();
}
