package fr.caducee.audit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of the trail: {@code audit-2026-11-24.jsonl} for a UTC day, then {@code audit-2026-11-24.1.jsonl},
 * {@code .2}... when a day is continued past the size limit. Anything else in the folder (an archive the operator
 * compressed, a note) is ignored.
 */
record SegmentName(LocalDate day, int part) implements Comparable<SegmentName> {
    private static final Pattern NAME = Pattern.compile("audit-(\\d{4}-\\d{2}-\\d{2})(?:\\.(\\d{1,6}))?\\.jsonl");
    private static final Comparator<SegmentName> ORDER = Comparator.comparing(SegmentName::day)
        .thenComparingInt(SegmentName::part);

    String fileName() {
        return "audit-" + day + (part == 0 ? "" : "." + part) + ".jsonl";
    }

    SegmentName next() {
        return new SegmentName(day, part + 1);
    }

    static Optional<SegmentName> parse(String fileName) {
        Matcher matcher = NAME.matcher(fileName);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SegmentName(LocalDate.parse(matcher.group(1)),
                matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The segments of the folder for the days from {@code first} to {@code last} included, in order. */
    static List<SegmentName> list(Path folder, LocalDate first, LocalDate last) throws IOException {
        List<SegmentName> names = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "audit-*.jsonl")) {
            for (Path file : files) {
                parse(file.getFileName().toString())
                    .filter(name -> !name.day().isBefore(first) && !name.day().isAfter(last))
                    .ifPresent(names::add);
            }
        }
        names.sort(ORDER);
        return names;
    }

    static List<SegmentName> all(Path folder) throws IOException {
        return list(folder, LocalDate.MIN, LocalDate.MAX);
    }

    @Override
    public int compareTo(SegmentName other) {
        return ORDER.compare(this, other);
    }
}
