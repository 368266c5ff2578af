package fr.caducee.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} arguments of the load and check programs, with the names each program accepts. */
final class CommandLine {
    private final Map<String, String> values;

    private CommandLine(Map<String, String> values) {
        this.values = values;
    }

    static CommandLine parse(String[] args, String... names) {
        List<String> known = Arrays.asList(names);
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !known.contains(name)) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            values.put(name, args[++i]);
        }
        return new CommandLine(values);
    }

    /**
     * The arguments of a program whose {@code usage} starts "usage: Program", which accepts {@code names} and needs
     * {@code required}; on a bad or missing argument, says so and the usage on standard error and exits with 2.
     */
    static CommandLine parseOrExit(String usage, String[] args, String[] names, String... required) {
        try {
            CommandLine line = parse(args, names);
            for (String name : required) {
                line.text(name, null);
            }
            return line;
        } catch (IllegalArgumentException e) {
            System.err.println(usage.replaceFirst("^usage: (\\S+).*", "$1") + ": " + e.getMessage());
            System.err.println(usage);
            System.exit(2);
            throw e;
        }
    }

    /** The value of --name, or {@code fallback}; required when {@code fallback} is null. */
    String text(String name, String fallback) {
        String value = values.getOrDefault(name, fallback);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    Path path(String name) {
        return Path.of(text(name, null));
    }

    int positive(String name, Integer fallback) {
        String value = text(name, fallback == null ? null : fallback.toString());
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw new IllegalArgumentException("--" + name + " must be a positive integer, not " + value);
    }

    int nonNegative(String name, int fallback) {
        String value = text(name, Integer.toString(fallback));
        try {
            int number = Integer.parseInt(value);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw new IllegalArgumentException("--" + name + " must be 0 or a positive integer, not " + value);
    }
}
