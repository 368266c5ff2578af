package fr.caducee.domain.importing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Objects;
import java.util.Optional;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;

import fr.caducee.domain.directory.store.DirectoryStore;

/**
 * Imports an LDIF of our schema (entries of cadProfessional, cadStructure, cadBox and cadPatient, such as an export
 * of another instance) through the {@link DirectoryStore} puts, so that every rule of the directory applies: the
 * entries are mapped to the model, never written as raw LDAP.
 *
 * <p>Phase 1 ({@link LdifValidation}) reads every entry; a syntax error refuses the whole file before anything is
 * written. The valid entries are then applied in two passes over the file, so that references are met whatever the
 * order of the file: professionals and structures first, then boxes and patients (whose dispensings name
 * structures). Each entry is applied whole or not at all ({@link LdifEntryApplier}), on
 * {@link ImportOptions#threads()} workers. Importing the same file twice leaves the second run with every record
 * unchanged.
 */
public final class LdifImport {

    private final DirectoryStore store;
    private final Optional<DN> base;
    private final ImportOptions options;

    /**
     * @param baseDn entries of our classes must be under it; null or empty accepts any DN
     * @throws IllegalArgumentException if {@code baseDn} is not a valid DN
     */
    public LdifImport(DirectoryStore store, String baseDn, ImportOptions options) {
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
        try {
            this.base = baseDn == null || baseDn.isBlank() ? Optional.empty() : Optional.of(new DN(baseDn));
        } catch (LDAPException e) {
            throw new IllegalArgumentException("base DN '" + baseDn + "' is not valid: " + e.getExceptionMessage(), e);
        }
    }

    /**
     * Imports an LDIF file.
     *
     * @throws ImportRefusedException if the file is refused as a whole; nothing was written
     * @throws ImportAbortedException if the directory failed part way; the report says what was done
     * @throws IOException            if the file cannot be read before anything is written
     */
    public ImportReport run(Path ldif) throws IOException, ImportRefusedException, ImportAbortedException {
        ReportBuilder report = options.newReport();
        LdifMapping mapping = new LdifMapping(base, options.clock().instant().truncatedTo(ChronoUnit.SECONDS));
        FileStamp stamp = FileStamp.of(ldif);
        BitSet accepted = LdifValidation.validate(ldif, mapping, report);
        if (!stamp.equals(FileStamp.of(ldif))) {
            throw new ImportRefusedException("the file changed while it was being validated; nothing was imported");
        }
        LdifEntryApplier applier = new LdifEntryApplier(store, report);
        pass(ldif, accepted, true, mapping, applier, report);
        pass(ldif, accepted, false, mapping, applier, report);
        return report.build();
    }

    /** Applies the accepted entries whose records are referenced by others ({@code referenced}), or the others. */
    private void pass(Path ldif, BitSet accepted, boolean referenced, LdifMapping mapping, LdifEntryApplier applier,
                      ReportBuilder report) throws ImportAbortedException {
        long line = 0;
        try (LdifSource source = LdifSource.open(ldif);
             ParallelApplier<LdifRecord> workers = new ParallelApplier<>("ldif-import", options.threads(),
                     applier::apply)) {
            int position = 0;
            for (LdifSource.NumberedEntry entry = source.next(); entry != null; entry = source.next(), position++) {
                line = entry.line();
                if (accepted.get(position)) {
                    LdifRecord record = remap(mapping, entry);
                    if (record.referenced() == referenced) {
                        workers.submit(record);
                    }
                }
            }
            workers.finish();
        } catch (LineFailedException e) {
            throw ImportAbortedException.stopped("the directory failed on line " + e.line() + " (" + e.getMessage()
                    + ")" + e.undoNote(), report.build(), accepted.cardinality(), "entries", e.getCause());
        } catch (IOException | UncheckedIOException | LDIFException | ChangedFileException e) {
            throw ImportAbortedException.stopped("the import failed near line " + line + " (" + e.getMessage() + ")",
                    report.build(), accepted.cardinality(), "entries", e);
        }
    }

    /** Maps again an entry phase 1 accepted; it can only fail if the file was changed in between. */
    private static LdifRecord remap(LdifMapping mapping, LdifSource.NumberedEntry entry) {
        try {
            return mapping.map(entry.entry(), entry.line())
                    .orElseThrow(() -> new ChangedFileException(entry.line()));
        } catch (RejectedLineException e) {
            throw new ChangedFileException(entry.line());
        }
    }
}
