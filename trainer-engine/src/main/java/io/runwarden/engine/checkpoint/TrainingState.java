package io.runwarden.engine.checkpoint;

import java.util.List;

/**
 * Everything besides tensors that a checkpoint must hold for a resumed run to continue exactly as the
 * uninterrupted one: schedule position, data position, the cumulative learning-rate factor of rollbacks, the
 * optimizer's step count, and bookkeeping (best validation loss, obeyed command ids).
 *
 * @param step               optimizer steps done
 * @param epoch              data position: epoch (its shuffle is seeded by (seed, epoch))
 * @param position           data position: examples of that epoch already consumed
 * @param lrFactor           product of the rollbacks' learning-rate factors so far
 * @param optimizerSteps     AdamW's step count t (bias correction)
 * @param nonFiniteStreak    consecutive non-finite steps at this point
 * @param valLoss            validation loss at this step, when an evaluation ran here
 * @param bestValLoss        best validation loss so far (null before the first evaluation)
 * @param bestCheckpointId   checkpoint holding the best validation loss so far
 * @param obeyedCommandIds   directives already carried out (a duplicate is ignored, also after a resume)
 */
public record TrainingState(String runId, long step, int epoch, int position, double lrFactor, long optimizerSteps,
                            int nonFiniteStreak, Double valLoss, Double bestValLoss, String bestCheckpointId,
                            List<String> obeyedCommandIds) {

    public TrainingState {
        obeyedCommandIds = obeyedCommandIds == null ? List.of() : List.copyOf(obeyedCommandIds);
    }
}
