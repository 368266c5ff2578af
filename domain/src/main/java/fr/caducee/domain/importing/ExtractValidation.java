package fr.caducee.domain.importing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Optional;

import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.importing.extract.ExtractEntry;
import fr.caducee.domain.importing.extract.ExtractReader;
import fr.caducee.domain.importing.extract.InvalidExtractException;
import fr.caducee.domain.importing.extract.ParsedLine;
import fr.caducee.domain.importing.extract.Rejection;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

/**
 * First phase of an extract import: reads the whole file, streaming, and decides which lines will be applied,
 * before anything is written.
 *
 * <p>The file is refused whole for a missing or wrong header, or a last line cut short (an interrupted download:
 * the lines that are missing would otherwise look like boxes to keep as they are). Otherwise each line is rejected
 * on its own: the reader's structural checks, {@link ExtractMapping}'s column checks, then what only the whole file
 * shows. A box address may appear once: later lines with the same address are rejected, naming the first, whether
 * or not the first is valid, since the file does not say which is right. A professional (a structure) must be
 * described the same way on every line naming it: a different name on another line may be two people sharing one
 * id, and attaching a box to the first would hand it to the wrong person; the later line is rejected. Deciding in
 * file order here keeps the result the same however the application phase spreads lines over threads.
 */
final class ExtractValidation {

    private final ReportBuilder report;
    private final FingerprintIndex addresses = new FingerprintIndex();
    private final FingerprintIndex professionals = new FingerprintIndex();
    private final FingerprintIndex structures = new FingerprintIndex();
    private final BitSet accepted = new BitSet();

    private ExtractValidation(ReportBuilder report) {
        this.report = report;
    }

    static ValidatedExtract validate(Path file, ReportBuilder report) throws IOException, ImportRefusedException {
        return new ExtractValidation(report).run(file);
    }

    private ValidatedExtract run(Path file) throws IOException, ImportRefusedException {
        try (ExtractReader reader = open(file)) {
            for (ExtractEntry entry : reader) {
                report.read();
                if (entry instanceof Rejection rejection) {
                    if (rejection.truncated()) {
                        throw new ImportRefusedException(rejection.reason() + ": the file is incomplete (an"
                                + " interrupted transfer?), nothing was imported");
                    }
                    report.reject(rejection.lineNumber(), rejection.reason());
                } else {
                    check((ParsedLine) entry);
                }
            }
        }
        return new ValidatedExtract(accepted, new SharedRecords(professionals), new SharedRecords(structures));
    }

    private static ExtractReader open(Path file) throws IOException, ImportRefusedException {
        try {
            return ExtractReader.open(file);
        } catch (InvalidExtractException e) {
            throw new ImportRefusedException("line 1: " + e.getMessage() + "; nothing was imported");
        }
    }

    private void check(ParsedLine parsed) {
        long n = parsed.lineNumber();
        MappedLine line;
        try {
            line = ExtractMapping.map(parsed);
        } catch (RejectedLineException e) {
            claimAddress(parsed.line().boxAddress(), n);
            report.reject(n, e.getMessage());
            return;
        }
        String problem = unique(line);
        if (problem != null) {
            report.reject(n, "line " + n + ": " + problem);
            return;
        }
        accepted.set(Math.toIntExact(n));
    }

    /** Null when the line's keys agree with the lines before it, which it then registers; otherwise the problem. */
    private String unique(MappedLine line) {
        long n = line.lineNumber();
        int first = addresses.putIfAbsent(line.address().address(), n, 0);
        if (first >= 0) {
            return ExtractMapping.BOX_ADDRESS + " '" + line.address() + "' already appears on line "
                    + addresses.line(first);
        }
        Optional<Professional> professional = line.professional();
        Optional<Structure> structure = line.structure();
        String problem = professional.map(p -> conflict(professionals, p.idNat().value(), hash(p),
                ExtractMapping.PP_NATIONAL + " '" + p.idNat() + "' names a professional described differently on line ",
                " (civilité, nom, prénom, profession or savoir-faire): one id must be one person")).orElse(null);
        if (problem == null) {
            problem = structure.map(s -> conflict(structures, s.id().nationalId(), hash(s),
                    ExtractMapping.STRUCTURE_ID + " '" + s.id().nationalId()
                            + "' names a structure described differently on line ",
                    " (raison sociale, enseigne, postal code or town)")).orElse(null);
        }
        if (problem != null) {
            return problem;
        }
        professional.ifPresent(p -> professionals.putIfAbsent(p.idNat().value(), n, hash(p)));
        structure.ifPresent(s -> structures.putIfAbsent(s.id().nationalId(), n, hash(s)));
        return null;
    }

    private static String conflict(FingerprintIndex index, String key, long hash, String before, String after) {
        int slot = index.find(key);
        if (slot >= 0 && index.value(slot) != hash) {
            return before + index.line(slot) + after;
        }
        return null;
    }

    /** An invalid line still claims its address, so that a later line for the same box is not taken as the truth. */
    private void claimAddress(String raw, long n) {
        try {
            addresses.putIfAbsent(BoxAddress.parse(raw).address(), n, 0);
        } catch (InvalidIdentifierException e) {
            // No usable address: nothing to claim.
        }
    }

    static long hash(Professional p) {
        return Fingerprint.of(p.title(), p.lastName(), p.firstName(), p.professionCode(), p.professionLabel(),
                p.specialtyCode(), p.specialtyLabel());
    }

    static long hash(Structure s) {
        return Fingerprint.of(s.name(), s.tradeName(), s.postalCode(), s.town());
    }
}
