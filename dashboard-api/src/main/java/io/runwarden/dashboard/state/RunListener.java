package io.runwarden.dashboard.state;

/** Told of every change to a run, while the registry's lock is held: must be quick and must not block. */
public interface RunListener {

    void onChange(RunChange change);
}
