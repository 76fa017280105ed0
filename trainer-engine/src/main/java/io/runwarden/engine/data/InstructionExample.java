package io.runwarden.engine.data;

/** One line of an instruction dataset. */
public record InstructionExample(int lineNumber, String prompt, String completion) {
}
