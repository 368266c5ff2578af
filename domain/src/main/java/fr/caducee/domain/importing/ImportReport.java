package fr.caducee.domain.importing;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Objects;

/**
 * What an import did: lines read, records added, updated or left unchanged, and the rejected lines with their
 * reasons. Only the first rejections are kept here (see {@link ImportOptions#maxKeptRejections()}); an
 * {@link ImportListener} receives all of them.
 */
public final class ImportReport {

    /**
     * What happened to one kind of record.
     *
     * @param added     records that did not exist
     * @param updated   records that existed with other values
     * @param unchanged records that were already as the file says
     */
    public record Counts(long added, long updated, long unchanged) {

        public static final Counts NONE = new Counts(0, 0, 0);

        public long total() {
            return added + updated + unchanged;
        }
    }

    private final long read;
    private final long applied;
    private final long skipped;
    private final Counts boxes;
    private final Counts professionals;
    private final Counts structures;
    private final Counts patients;
    private final long rejected;
    private final List<ImportRejection> rejections;

    ImportReport(long read, long applied, long skipped, Counts boxes, Counts professionals, Counts structures,
                 Counts patients, long rejected, List<ImportRejection> rejections) {
        this.read = read;
        this.applied = applied;
        this.skipped = skipped;
        this.boxes = Objects.requireNonNull(boxes);
        this.professionals = Objects.requireNonNull(professionals);
        this.structures = Objects.requireNonNull(structures);
        this.patients = Objects.requireNonNull(patients);
        this.rejected = rejected;
        this.rejections = List.copyOf(rejections);
    }

    /** Data lines of an extract (the header excluded), entries of an LDIF. */
    public long read() {
        return read;
    }

    /** Lines (entries) applied whole: every record they describe is now in the directory as the file says. */
    public long applied() {
        return applied;
    }

    /**
     * LDIF entries that describe none of our records (containers such as {@code ou=boxes}): neither applied nor
     * rejected.
     */
    public long skipped() {
        return skipped;
    }

    public Counts boxes() {
        return boxes;
    }

    /** Each professional counted once, however many lines name them. */
    public Counts professionals() {
        return professionals;
    }

    /** Each structure counted once, however many lines name it. */
    public Counts structures() {
        return structures;
    }

    /** Patients (LDIF only). */
    public Counts patients() {
        return patients;
    }

    /** Lines (entries) not imported, all of them, including those beyond {@link #rejections()}. */
    public long rejected() {
        return rejected;
    }

    /** The first rejections, in line order. */
    public List<ImportRejection> rejections() {
        return rejections;
    }

    /** Rejections counted but not kept in {@link #rejections()}. */
    public long rejectionsOmitted() {
        return rejected - rejections.size();
    }

    /** One line for a log or a command's output. */
    public String summary() {
        return "read " + read + ", applied " + applied + ", rejected " + rejected
                + (skipped > 0 ? ", skipped " + skipped : "")
                + "; boxes " + describe(boxes) + "; professionals " + describe(professionals)
                + "; structures " + describe(structures)
                + (patients.total() > 0 ? "; patients " + describe(patients) : "");
    }

    /**
     * Writes the report as JSON lines: first a summary object ({@code "type":"summary"}), then one object per kept
     * rejection ({@code "type":"rejection"}, with {@code line} and {@code reason}), and, when some were not kept,
     * a last object {@code {"type":"omitted","count":n}}. The writer is flushed, not closed.
     */
    public void writeJsonLines(Writer out) throws IOException {
        out.write("{\"type\":\"summary\",\"read\":" + read + ",\"applied\":" + applied + ",\"skipped\":" + skipped
                + ",\"rejected\":" + rejected + ",\"boxes\":" + json(boxes) + ",\"professionals\":"
                + json(professionals) + ",\"structures\":" + json(structures) + ",\"patients\":" + json(patients)
                + "}\n");
        for (ImportRejection rejection : rejections) {
            out.write(Json.rejection(rejection));
            out.write('\n');
        }
        if (rejectionsOmitted() > 0) {
            out.write("{\"type\":\"omitted\",\"count\":" + rejectionsOmitted() + "}\n");
        }
        out.flush();
    }

    @Override
    public String toString() {
        return summary();
    }

    private static String describe(Counts counts) {
        return counts.added() + " added, " + counts.updated() + " updated, " + counts.unchanged() + " unchanged";
    }

    private static String json(Counts counts) {
        return "{\"added\":" + counts.added() + ",\"updated\":" + counts.updated() + ",\"unchanged\":"
                + counts.unchanged() + "}";
    }
}
