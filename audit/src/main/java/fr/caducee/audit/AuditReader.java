package fr.caducee.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads the trail's folder: only the day segments that overlap the time asked, line by line, never a whole segment
 * in memory. Lines that are not whole records (one being written at this instant) are passed over.
 */
public final class AuditReader {
    private final Path folder;

    public AuditReader(Path folder) {
        this.folder = folder;
    }

    /** The matching records, the latest {@code query.limit()} of them, with how many matched in all. */
    public QueryResult query(AuditQuery query) {
        int keep = Math.min(query.limit(), 1_000_000);
        ArrayDeque<AuditRecord> latest = new ArrayDeque<>(Math.min(keep, 1024));
        long[] matched = {0};
        forEach(query, record -> {
            matched[0]++;
            if (latest.size() == keep) {
                latest.removeFirst();
            }
            latest.addLast(record);
        });
        return new QueryResult(List.copyOf(latest), matched[0]);
    }

    /** Every matching record in the order written, the limit ignored. */
    public void forEach(AuditQuery query, Consumer<AuditRecord> action) {
        try (Stream<String> lines = lines(query.from(), query.to())) {
            lines.filter(query::mayMatch)
                .map(AuditJson::read)
                .flatMap(Optional::stream)
                .filter(query::matches)
                .forEach(action);
        }
    }

    /**
     * The raw lines of the records in {@code [from, to)}, each a JSON object without its newline, to be closed
     * after use.
     */
    public Stream<String> export(Instant from, Instant to) {
        return lines(from, to).filter(line -> {
            Instant time = AuditJson.time(line);
            return time != null && !time.isBefore(from) && time.isBefore(to) && line.endsWith("}");
        });
    }

    /** The usage indicators of a UTC month, computed by reading its records. */
    public UsageIndicators indicators(YearMonth month, BoxTypes boxTypes) {
        Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, String> types = new HashMap<>();
        Map<String, Long> sent = new TreeMap<>();
        Map<String, Long> received = new TreeMap<>();
        Map<String, Long> refusals = new TreeMap<>();
        Map<Decision, Long> decisions = new EnumMap<>(Decision.class);
        Set<String> active = new HashSet<>();
        Map<String, Long> activeByType = new TreeMap<>();
        Map<String, String> lastOutcomeOfVisit = new HashMap<>();
        Consumer<String> activeBox = address -> {
            if (active.add(address)) {
                activeByType.merge(types.get(address), 1L, Long::sum);
            }
        };
        forEach(AuditQuery.between(from, to), record -> {
            decisions.merge(record.decision(), 1L, Long::sum);
            switch (record.decision()) {
                case ACCEPTED -> {
                    if (record.login() != null) {
                        String box = sendingBox(record, boxTypes, types);
                        String type = types.get(box);
                        sent.merge(type, 1L, Long::sum);
                        if (BoxTypes.isLocal(type)) {
                            activeBox.accept(box);
                        }
                    }
                }
                case DELIVERED -> deliveredMessage(record).forEach(recipient -> {
                    String box = normalized(recipient);
                    String type = typeOf(box, boxTypes, types);
                    received.merge(type, 1L, Long::sum);
                    if (BoxTypes.isLocal(type)) {
                        activeBox.accept(box);
                    }
                });
                case REFUSED -> refusals.merge(record.rule() == null ? "unspecified" : record.rule(), 1L, Long::sum);
                case ED_ARRIVAL -> {
                    if (record.rule() != null) {
                        // A visit is its hospital's (the sender) and named in mail; the last outcome counts.
                        lastOutcomeOfVisit.put(record.sender() + "\0" + (record.mail() != null ? record.mail()
                            : record.messageId()), record.rule());
                    }
                }
                default -> {
                }
            }
        });
        Map<String, Long> emergencyVisits = new TreeMap<>();
        lastOutcomeOfVisit.values().forEach(rule -> emergencyVisits.merge(rule, 1L, Long::sum));
        return new UsageIndicators(month, sent, received, active.size(), activeByType, refusals, decisions,
            emergencyVisits);
    }

    /** The recipients of a delivered message; none for a notification of the server (null sender, a DSN). */
    private static List<String> deliveredMessage(AuditRecord record) {
        return isNullSender(record.sender()) ? List.of() : record.recipients();
    }

    /** The null sender ({@code <>}); an absent sender (unknown) is not one. */
    private static boolean isNullSender(String sender) {
        return "<>".equals(sender) || "".equals(sender);
    }

    /** The box a submitted message was sent as: the envelope sender when it is ours, else the login. */
    private static String sendingBox(AuditRecord record, BoxTypes boxTypes, Map<String, String> types) {
        if (record.sender() != null && !isNullSender(record.sender())) {
            String sender = normalized(record.sender());
            if (BoxTypes.isLocal(typeOf(sender, boxTypes, types))) {
                return sender;
            }
        }
        String login = normalized(record.login());
        typeOf(login, boxTypes, types);
        return login;
    }

    private static String typeOf(String address, BoxTypes boxTypes, Map<String, String> types) {
        return types.computeIfAbsent(address, key -> {
            String type = boxTypes.typeOf(key);
            return type == null ? BoxTypes.UNKNOWN : type;
        });
    }

    private static String normalized(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    /** The lines of the segments of the days that overlap {@code [from, to)}, opened one after the other. */
    private Stream<String> lines(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return Stream.empty();
        }
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
        List<SegmentName> segments;
        try {
            segments = SegmentName.list(folder, first, last);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the audit trail in " + folder, e);
        }
        return segments.stream().flatMap(this::lines);
    }

    private Stream<String> lines(SegmentName segment) {
        BufferedReader reader;
        try {
            // A decoder that replaces, not throws: a line being written may end in the middle of a character.
            reader = new BufferedReader(new InputStreamReader(Files.newInputStream(folder.resolve(segment.fileName())),
                StandardCharsets.UTF_8), 64 * 1024);
        } catch (NoSuchFileException e) {
            // archived by the operator since the listing
            return Stream.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit segment " + segment.fileName(), e);
        }
        return reader.lines().onClose(() -> {
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
