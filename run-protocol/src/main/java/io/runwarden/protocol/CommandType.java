package io.runwarden.protocol;

/** What a command asks an agent to do. The wire name is the constant's name. */
public enum CommandType {
    STOP,
    ROLLBACK
}
