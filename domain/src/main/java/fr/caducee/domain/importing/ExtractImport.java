package fr.caducee.domain.importing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.importing.extract.ExtractEntry;
import fr.caducee.domain.importing.extract.ExtractReader;
import fr.caducee.domain.importing.extract.ParsedLine;

/**
 * Imports the national directory's bulk extract (extraction_correspondance_mssante) into the directory: the
 * professional, structure and box of every valid line, idempotently.
 *
 * <p>Phase 1 ({@link ExtractValidation}) reads the whole file and decides which lines are valid; a file broken as a
 * whole is refused before anything is written. Phase 2 reads the file again and applies the valid lines on
 * {@link ImportOptions#threads()} workers ({@link ExtractLineApplier}), each line whole or not at all. Nothing but a
 * bit per line and compact key indexes ({@link FingerprintIndex}) is kept between the phases: a generated
 * million-line file holds about 140 MB of heap, where maps of strings would take several times that. Importing the
 * same file twice leaves the second run with every record unchanged.
 *
 * <p>If the directory fails part way, the import stops with an {@link ImportAbortedException} saying how many lines
 * were applied; running it again is safe and completes it.
 */
public final class ExtractImport {

    private final DirectoryStore store;
    private final ImportOptions options;

    public ExtractImport(DirectoryStore store, ImportOptions options) {
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Imports an extract file.
     *
     * @throws ImportRefusedException if the file is refused as a whole; nothing was written
     * @throws ImportAbortedException if the directory failed part way; the report says what was done
     * @throws IOException            if the file cannot be read before anything is written
     */
    public ImportReport run(Path extract) throws IOException, ImportRefusedException, ImportAbortedException {
        ReportBuilder report = options.newReport();
        requireDefaultResponsible(report);
        FileStamp stamp = FileStamp.of(extract);
        ValidatedExtract valid = ExtractValidation.validate(extract, report);
        if (!stamp.equals(FileStamp.of(extract))) {
            throw new ImportRefusedException("the file changed while it was being validated; nothing was imported");
        }
        Instant now = options.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        apply(extract, valid, new ExtractLineApplier(store, valid, report, options.defaultOrgResponsible(), now),
                report);
        return report.build();
    }

    private void requireDefaultResponsible(ReportBuilder report) throws ImportRefusedException,
            ImportAbortedException {
        if (options.defaultOrgResponsible().isEmpty()) {
            return;
        }
        IdNat responsible = options.defaultOrgResponsible().get();
        try {
            if (store.professional(responsible).isEmpty()) {
                throw new ImportRefusedException("the default ORG responsible " + responsible
                        + " is not in the directory; nothing was imported");
            }
        } catch (DirectoryUnavailableException e) {
            throw new ImportAbortedException("the directory is unavailable (" + e.getMessage()
                    + "); nothing was imported", report.build(), e);
        }
    }

    private void apply(Path extract, ValidatedExtract valid, ExtractLineApplier applier, ReportBuilder report)
            throws ImportAbortedException {
        long[] current = {0};
        try (ExtractReader reader = ExtractReader.open(extract);
             ParallelApplier<MappedLine> workers = new ParallelApplier<>("extract-import", options.threads(),
                     applier::apply)) {
            for (ExtractEntry entry : reader) {
                current[0] = entry.lineNumber();
                if (valid.accepted(entry.lineNumber())) {
                    workers.submit(remap(entry));
                }
            }
            workers.finish();
        } catch (LineFailedException e) {
            throw aborted("the directory failed on line " + e.line() + " (" + e.getMessage() + ")"
                    + e.undoNote(), report, valid, e.getCause());
        } catch (IOException | UncheckedIOException | ChangedFileException e) {
            throw aborted("the import failed near line " + current[0] + " (" + e.getMessage() + ")", report, valid,
                    e);
        }
    }

    /** Maps again a line phase 1 accepted; it can only fail if the file was changed in between. */
    private static MappedLine remap(ExtractEntry entry) {
        try {
            if (entry instanceof ParsedLine parsed) {
                return ExtractMapping.map(parsed);
            }
        } catch (RejectedLineException e) {
            // Reported below.
        }
        throw new ChangedFileException(entry.lineNumber());
    }

    private static ImportAbortedException aborted(String what, ReportBuilder report, ValidatedExtract valid,
                                                  Throwable cause) {
        return ImportAbortedException.stopped(what, report.build(), valid.acceptedCount(), "lines", cause);
    }
}
