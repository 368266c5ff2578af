package fr.caducee.domain.importing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.importing.extract.ExtractLine;
import fr.caducee.domain.importing.extract.ParsedLine;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

/**
 * Turns one extract line into the professional, structure and box it describes, or rejects it naming every wrong
 * column by its header name: {@code line 1234: Identification nationale PP '810000005478' is invalid: RPPS
 * 10000005478 fails the Luhn check (last digit should be 9, found 8)}.
 *
 * <p>Rules beyond the identifiers' own: PER and CAB lines name a professional, ORG and APP lines a structure; the
 * national professional id must agree with its type and number columns, and the national structure id with its type
 * column; a professional has a last name and a structure a raison sociale; a French postal code has five digits; an
 * address in a patient domain is not a professional box. Professional columns on an ORG or APP line are imported as
 * a professional (and may make the responsible of a new ORG box), never as the box's holder.
 */
final class ExtractMapping {

    private static final List<String> COLUMNS = ExtractLine.HEADER;
    static final String BOX_TYPE = COLUMNS.get(0);
    static final String BOX_ADDRESS = COLUMNS.get(1);
    static final String PP_TYPE = COLUMNS.get(2);
    static final String PP_NUMBER = COLUMNS.get(3);
    static final String PP_NATIONAL = COLUMNS.get(4);
    static final String STRUCTURE_TYPE = COLUMNS.get(5);
    static final String STRUCTURE_ID = COLUMNS.get(6);
    static final String LAST_NAME = COLUMNS.get(9);
    static final String LEGAL_NAME = COLUMNS.get(18);
    static final String POSTAL_CODE = COLUMNS.get(28);

    private ExtractMapping() {
    }

    static MappedLine map(ParsedLine parsed) throws RejectedLineException {
        ExtractLine line = parsed.line();
        List<String> problems = new ArrayList<>(2);
        BoxType type = boxType(line.boxType(), problems);
        BoxAddress address = address(line.boxAddress(), problems);
        Optional<Professional> professional = professional(line, type, problems);
        Optional<Structure> structure = structure(line, type, problems);
        if (!problems.isEmpty()) {
            throw new RejectedLineException("line " + parsed.lineNumber() + ": " + String.join("; ", problems));
        }
        return new MappedLine(parsed.lineNumber(), address, type, professional, structure,
                line.attachedService().strip());
    }

    private static BoxType boxType(String raw, List<String> problems) {
        try {
            return BoxType.parse(raw);
        } catch (InvalidIdentifierException e) {
            problems.add(Values.invalid(BOX_TYPE, raw, e));
            return null;
        }
    }

    private static BoxAddress address(String raw, List<String> problems) {
        BoxAddress address;
        try {
            address = BoxAddress.parse(raw);
        } catch (InvalidIdentifierException e) {
            problems.add(Values.invalid(BOX_ADDRESS, raw, e));
            return null;
        }
        if (PatientAddress.isPatientDomain(address.domain())) {
            problems.add(BOX_ADDRESS + " " + Values.quote(raw) + " is in a patient domain ("
                    + PatientAddress.DOMAIN_PREFIX + "...): the extract lists professional boxes only");
            return null;
        }
        return address;
    }

    private static Optional<Professional> professional(ExtractLine line, BoxType type, List<String> problems) {
        String national = line.professionalNationalId().strip();
        String kind = line.professionalIdType().strip();
        String number = line.professionalId().strip();
        if (national.isEmpty()) {
            if (!kind.isEmpty() || !number.isEmpty()) {
                problems.add(PP_NATIONAL + " is empty although " + PP_TYPE + " " + Values.quote(kind) + " and "
                        + PP_NUMBER + " " + Values.quote(number) + " are given");
            } else if (type != null && type.ownedByProfessional()) {
                problems.add(PP_NATIONAL + " is empty: a " + type + " box is held by a professional");
            }
            return Optional.empty();
        }
        IdNat idNat;
        try {
            idNat = IdNat.parse(national);
        } catch (InvalidIdentifierException e) {
            problems.add(Values.invalid(PP_NATIONAL, line.professionalNationalId(), e));
            return Optional.empty();
        }
        if (!(kind + number).equals(national)) {
            // Two spellings of the same id that disagree: neither can be trusted.
            problems.add(PP_NATIONAL + " " + Values.quote(national) + " does not match " + PP_TYPE + " "
                    + Values.quote(kind) + " followed by " + PP_NUMBER + " " + Values.quote(number));
            return Optional.empty();
        }
        if (line.practiceLastName().isBlank()) {
            problems.add(LAST_NAME + " is empty: professional " + idNat + " needs a last name");
            return Optional.empty();
        }
        return Optional.of(new Professional(idNat, line.practiceTitle(), line.practiceLastName(),
                line.practiceFirstName(), line.professionCode(), line.professionLabel(), line.specialtyCode(),
                line.specialtyLabel()));
    }

    private static Optional<Structure> structure(ExtractLine line, BoxType type, List<String> problems) {
        String national = line.structureId().strip();
        String kind = line.structureIdType().strip();
        if (national.isEmpty()) {
            if (!kind.isEmpty()) {
                problems.add(STRUCTURE_ID + " is empty although " + STRUCTURE_TYPE + " " + Values.quote(kind)
                        + " is given");
            } else if (type != null && type.ownedByStructure()) {
                problems.add(STRUCTURE_ID + " is empty: an " + type + " box belongs to a structure");
            }
            return Optional.empty();
        }
        StructureId id;
        try {
            id = StructureId.parseNational(national);
        } catch (InvalidIdentifierException e) {
            problems.add(Values.invalid(STRUCTURE_ID, line.structureId(), e));
            return Optional.empty();
        }
        if (!kind.isEmpty() && !kind.equals(national.substring(0, 1))) {
            problems.add(STRUCTURE_TYPE + " " + Values.quote(kind) + " does not match " + STRUCTURE_ID + " "
                    + Values.quote(national) + ", which starts with " + national.charAt(0));
            return Optional.empty();
        }
        String postalCode = line.postalCode().strip();
        boolean fiveDigits = postalCode.length() == 5 && startsWithFiveDigits(postalCode);
        if (!postalCode.isEmpty() && inFrance(line.country()) && !fiveDigits) {
            problems.add(POSTAL_CODE + " " + Values.quote(line.postalCode())
                    + " is invalid: a French postal code has 5 digits");
            return Optional.empty();
        }
        if (line.structureLegalName().isBlank()) {
            problems.add(LEGAL_NAME + " is empty: structure " + id.nationalId() + " needs a name");
            return Optional.empty();
        }
        String delivery = line.deliveryLine().strip();
        if (postalCode.isEmpty() && startsWithFiveDigits(delivery)) {
            postalCode = delivery.substring(0, 5);
        }
        return Optional.of(new Structure(id, line.structureLegalName(), line.structureTradeName(), postalCode,
                town(delivery)));
    }

    /**
     * The town of a delivery line (L6): without its leading postal code and without a CEDEX mention, which names a
     * sorting office rather than a town: {@code 69437 LYON CEDEX 03} gives {@code LYON}.
     */
    static String town(String deliveryLine) {
        String s = deliveryLine.strip();
        if (s.length() > 6 && startsWithFiveDigits(s) && s.charAt(5) == ' ') {
            s = s.substring(6).strip();
        }
        int cedex = s.toUpperCase(Locale.ROOT).lastIndexOf(" CEDEX");
        if (cedex > 0 && s.substring(cedex + 6).strip().chars().allMatch(c -> c >= '0' && c <= '9')) {
            s = s.substring(0, cedex).strip();
        }
        return s;
    }

    private static boolean inFrance(String country) {
        String c = country.strip();
        return c.isEmpty() || c.equalsIgnoreCase("FRANCE");
    }

    private static boolean startsWithFiveDigits(String s) {
        if (s.length() < 5) {
            return false;
        }
        for (int i = 0; i < 5; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
