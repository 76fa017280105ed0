package io.runwarden.stack;

/**
 * What the terminal summary shows of one run; a null number has not been reported yet. Immutable: the board replaces it on each message.
 *
 * @param lastAction the newest command for the run and whether the agent confirmed it, e.g.
 *                   {@code ROLLBACK@41 non-finite (obeyed)}
 */
record RunLine(String runId, long step, long totalSteps, Double loss, Double valLoss, Double bestValLoss,
               String health, String status, String lastAction, int commands, int alerts) {

    static RunLine empty(String runId) {
        return new RunLine(runId, 0, 0, null, null, null, "-", "waiting", "-", 0, 0);
    }

    boolean finished() {
        return status.equals("completed") || status.equals("stopped") || status.equals("failed");
    }

    RunLine withStep(long step, double loss) {
        return new RunLine(runId, step, totalSteps, loss, valLoss, bestValLoss, health,
                status.equals("waiting") ? "running" : status, lastAction, commands, alerts);
    }

    RunLine withStart(long totalSteps) {
        return new RunLine(runId, 0, totalSteps, loss, valLoss, bestValLoss, health, "running", lastAction, commands,
                alerts);
    }

    RunLine withEval(long step, double valLoss) {
        Double best = bestValLoss == null || valLoss < bestValLoss ? Double.valueOf(valLoss) : bestValLoss;
        return new RunLine(runId, Math.max(this.step, step), totalSteps, loss, valLoss, best, health, status,
                lastAction, commands, alerts);
    }

    RunLine withHealth(String health) {
        return new RunLine(runId, step, totalSteps, loss, valLoss, bestValLoss, health, status, lastAction, commands,
                alerts);
    }

    RunLine withAction(String action, boolean isNewCommand) {
        return new RunLine(runId, step, totalSteps, loss, valLoss, bestValLoss, health, status, action,
                commands + (isNewCommand ? 1 : 0), alerts);
    }

    RunLine withAlert() {
        return new RunLine(runId, step, totalSteps, loss, valLoss, bestValLoss, health, status, lastAction, commands,
                alerts + 1);
    }

    RunLine withFinish(String status, long step) {
        return new RunLine(runId, Math.max(this.step, step), totalSteps, loss, valLoss, bestValLoss, health, status,
                lastAction, commands, alerts);
    }
}
