package fr.caducee.domain.importing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Optional;

import com.unboundid.ldif.LDIFException;

/**
 * First phase of an LDIF import: reads every entry before anything is written. A syntax error, or a change record
 * ({@code changetype:}; the import takes entries, not modifications), refuses the whole file, naming the line.
 * Otherwise each entry is mapped ({@link LdifMapping}) and rejected on its own if invalid, or if its record already
 * appears in an earlier entry (the file does not say which is right). Keeps one bit per entry for the next phase.
 */
final class LdifValidation {

    private LdifValidation() {
    }

    /** The entries to apply, by position in the file (0 for the first entry). */
    static BitSet validate(Path file, LdifMapping mapping, ReportBuilder report) throws IOException,
            ImportRefusedException {
        FingerprintIndex keys = new FingerprintIndex();
        BitSet accepted = new BitSet();
        try (LdifSource source = LdifSource.open(file)) {
            int position = 0;
            for (LdifSource.NumberedEntry entry = next(source); entry != null; entry = next(source), position++) {
                report.read();
                if (entry.entry().hasAttribute("changetype")) {
                    throw new ImportRefusedException("line " + entry.line() + ": " + entry.entry().getDN()
                            + " is a change record (changetype); the import takes entries only; nothing was"
                            + " imported");
                }
                try {
                    Optional<LdifRecord> record = mapping.map(entry.entry(), entry.line());
                    if (record.isEmpty()) {
                        report.skipped();
                        continue;
                    }
                    int first = keys.putIfAbsent(record.get().key(), entry.line(), 0);
                    if (first >= 0) {
                        report.reject(entry.line(), "line " + entry.line() + " (" + entry.entry().getDN() + "): "
                                + record.get().key() + " already appears in the entry at line " + keys.line(first));
                        continue;
                    }
                    accepted.set(position);
                } catch (RejectedLineException e) {
                    report.reject(entry.line(), e.getMessage());
                }
            }
        }
        return accepted;
    }

    private static LdifSource.NumberedEntry next(LdifSource source) throws IOException, ImportRefusedException {
        try {
            return source.next();
        } catch (LDIFException e) {
            throw new ImportRefusedException("line " + e.getLineNumber() + ": LDIF syntax error ("
                    + e.getMessage() + "); nothing was imported");
        }
    }
}
