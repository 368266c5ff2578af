package fr.caducee.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fills the shared record of a running server with documents, straight into its database (JDBC batches into
 * {@code record_document}), so that the read API can be timed on 100,000 documents without depositing 100,000 by mail:
 * each document a copy of a real CDA sample (its own id, so the bytes differ: realistic sizes, 150 to 450 KB for
 * ANS's samples), {@code --per-patient} documents per patient, types drawn from the usual mix (lab reports, imaging,
 * letters...), spread over three years. Patients are test INS (authority 1.2.250.1.213.1.4.10) generated in order, with
 * a valid key; the reader given by {@code --reader} is recorded as having read each patient's record before, so that
 * timed reads do not each send the patient a first-access notice. Adds documents until {@code --documents} seeded
 * documents exist (a second call grows the record), writes every seeded patient's INS to {@code --patients-out}, then
 * ANALYZE. The rows are those the deposit writes, {@code deposited_by} {@value #SEEDER}.
 *
 * <pre>
 *   java -cp "bench/target/caducee-bench.jar:bench/target/lib/*:server/target/lib/*" fr.caducee.bench.RecordSeed \
 *       --data DATA --documents 100000 --cda CR_Radio_CDAN1_v1.XML[,OTHER.xml] --author 801234564895 \
 *       --reader 810000000014 --patients-out patients.txt
 * </pre>
 */
public final class RecordSeed {
    static final String USAGE = "usage: RecordSeed --data DIR --documents N --cda FILE[,FILE...] --author IDNAT"
        + " --patients-out FILE [--per-patient 20] [--reader IDNAT] [--threads 2]";
    static final String SEEDER = "seed@bench.localhost";
    static final String INS_AUTHORITY = "1.2.250.1.213.1.4.10";
    private static final int BATCH = 50;
    private static final int PER_TRANSACTION = 500;
    /** LOINC type, title and weight (out of 100): what a patient's record mostly holds. */
    private static final String[][] TYPES = {
        {"11502-2", "Compte rendu d'examens biologiques", "40"},
        {"18748-4", "Compte rendu d'imagerie médicale", "20"},
        {"11490-0", "Lettre de liaison à la sortie", "10"},
        {"11488-4", "Compte rendu de consultation", "10"},
        {"57833-6", "Prescription de médicaments", "10"},
        {"34112-3", "Compte rendu d'hospitalisation", "5"},
        {"15507-7", "Compte rendu de passage aux urgences", "5"},
    };

    private RecordSeed() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parseOrExit(USAGE, args, new String[] {"data", "documents", "cda", "author",
            "patients-out", "per-patient", "reader", "threads"}, "data", "documents", "cda", "author", "patients-out");
        int target = line.positive("documents", null);
        int perPatient = line.positive("per-patient", 20);
        List<CdaSample> samples = new ArrayList<>();
        for (String file : line.text("cda", null).split(",")) {
            samples.add(CdaSample.read(Path.of(file.strip())));
        }
        String author = line.text("author", null);
        String reader = line.text("reader", "");
        int threads = line.positive("threads", 2);
        long begin = System.nanoTime();
        int existing;
        try (Connection db = ServerDatabase.connect(line.path("data"))) {
            existing = seeded(db);
        }
        // Contiguous ranges, one connection each: PostgreSQL writes (TOAST, WAL) while the other thread prepares.
        int total = Math.max(0, target - existing);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = existing + (int) ((long) total * t / threads);
            int to = existing + (int) ((long) total * (t + 1) / threads);
            parts.add(pool.submit(() -> seed(line.path("data"), from, to, perPatient, samples, author, reader)));
        }
        long bytes = 0;
        for (Future<Long> part : parts) {
            bytes += part.get();
        }
        pool.shutdown();
        try (Connection db = ServerDatabase.connect(line.path("data"));
             Statement analyze = db.createStatement()) {
            analyze.execute("ANALYZE record_document");
            analyze.execute("ANALYZE record_reader");
        }
        int patients = (target + perPatient - 1) / perPatient;
        List<String> insList = new ArrayList<>(patients);
        for (int p = 0; p < patients; p++) {
            insList.add(ins(p));
        }
        Files.write(line.path("patients-out"), insList, StandardCharsets.UTF_8);
        double seconds = (System.nanoTime() - begin) / 1e9;
        int added = Math.max(0, target - existing);
        System.out.printf(Locale.ROOT, "seeded=%d added=%d patients=%d per_patient=%d content_mb=%.1f seconds=%.1f"
                + " docs_per_s=%.0f%n", Math.max(target, existing), added, patients, perPatient, bytes / 1048576.0, seconds,
            seconds > 0 ? added / seconds : 0);
    }

    /** Documents {@code from} (included) to {@code to} (excluded) on a connection of their own; the bytes written. */
    private static long seed(Path data, int from, int to, int perPatient, List<CdaSample> samples, String author,
            String reader) throws Exception {
        long bytes = 0;
        try (Connection db = ServerDatabase.connect(data)) {
            db.setAutoCommit(false);
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            Instant newest = Instant.parse("2026-12-01T00:00:00Z");
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO record_document (id, unique_id, set_id,"
                    + " version, patient_ins, ins_authority, author_idnat, type_code, title, confidentiality,"
                    + " effective_time, status, media_type, size, sha256, content, deposited_at, deposited_by,"
                    + " deposit_message_id) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ARRAY['N'], ?, 'current', 'text/xml', ?,"
                    + " ?, ?, ?, ?, ?)");
                 PreparedStatement known = db.prepareStatement("INSERT INTO record_reader (patient_ins, reader)"
                    + " VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                int pending = 0;
                for (int n = from; n < to; n++) {
                    String ins = ins(n / perPatient);
                    String[] type = type(n);
                    CdaSample sample = samples.get(n % samples.size());
                    String extension = "seed-" + n;
                    byte[] content = sample.copy(extension);
                    Instant when = newest.minus((long) (n * 7919L % (3 * 365 * 24)), ChronoUnit.HOURS);
                    insert.setObject(1, UUID.nameUUIDFromBytes(extension.getBytes(StandardCharsets.UTF_8)));
                    insert.setString(2, sample.uniqueId(extension));
                    insert.setString(3, sample.uniqueId(extension + "-set"));
                    insert.setString(4, ins);
                    insert.setString(5, INS_AUTHORITY);
                    insert.setString(6, author);
                    insert.setString(7, type[0]);
                    insert.setString(8, type[1]);
                    insert.setTimestamp(9, Timestamp.from(when));
                    insert.setLong(10, content.length);
                    insert.setBytes(11, sha256.digest(content));
                    insert.setBytes(12, content);
                    insert.setTimestamp(13, Timestamp.from(when));
                    insert.setString(14, SEEDER);
                    insert.setString(15, "<seed-" + n + "@bench.localhost>");
                    insert.addBatch();
                    bytes += content.length;
                    if (!reader.isEmpty() && (n % perPatient == 0 || n == from)) {
                        known.setString(1, ins);
                        known.setString(2, reader);
                        known.addBatch();
                    }
                    pending++;
                    if (pending % BATCH == 0 || n + 1 == to) {
                        insert.executeBatch();
                        known.executeBatch();
                    }
                    if (pending % PER_TRANSACTION == 0 || n + 1 == to) {
                        db.commit();
                    }
                }
            }
        }
        return bytes;
    }

    private static int seeded(Connection db) throws Exception {
        try (PreparedStatement count = db.prepareStatement("SELECT count(*) FROM record_document WHERE deposited_by = ?")) {
            count.setString(1, SEEDER);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static String[] type(int n) {
        int draw = (int) ((n * 2654435761L) % 100);
        for (String[] type : TYPES) {
            draw -= Integer.parseInt(type[2]);
            if (draw < 0) {
                return type;
            }
        }
        return TYPES[0];
    }

    /**
     * Patient {@code p}'s INS: a well-formed NIR (sex, year, month, department 75, commune, order) with its key, one
     * per patient number up to 540,000.
     */
    static String ins(int p) {
        int sex = 1 + p % 2;
        int year = 40 + (p / 2) % 50;
        int month = 1 + (p / 100) % 12;
        int commune = 101 + (p / 1200) % 450;
        int order = 1 + p / 540_000;
        String number = String.format(Locale.ROOT, "%d%02d%02d75%03d%03d", sex, year, month, commune, order);
        long key = 97 - Long.parseLong(number) % 97;
        return number + String.format(Locale.ROOT, "%02d", key);
    }
}
