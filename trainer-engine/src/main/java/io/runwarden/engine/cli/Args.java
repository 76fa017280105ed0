package io.runwarden.engine.cli;

import java.util.Arrays;
import java.util.List;

/** Minimal {@code --name value} / {@code --flag} parsing for the command-line tools. */
final class Args {

    private final List<String> args;

    Args(String[] args) {
        this.args = Arrays.asList(args);
    }

    String get(String name, String fallback) {
        int i = args.indexOf(name);
        if (i < 0) {
            return fallback;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args.get(i + 1);
    }

    boolean flag(String name) {
        return args.contains(name);
    }
}
