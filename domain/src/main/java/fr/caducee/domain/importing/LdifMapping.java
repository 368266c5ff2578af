package fr.caducee.domain.importing;

import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.util.StaticUtils;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Dispensing;
import fr.caducee.domain.model.InvalidModelException;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

/**
 * Turns an LDIF entry of our schema (caducee-schema.ldif) into a record of the model: the object class decides which
 * (cadProfessional, cadStructure, cadBox, cadPatient); the DN is only checked to be under the base. Entries of none
 * of these classes (containers such as {@code ou=boxes}) describe no record and are skipped. Every attribute is
 * checked as the model checks it, and the rejection names each wrong attribute.
 *
 * <p>Structure ids are accepted in national form (1 + FINESS, 3 + SIRET, as {@code cadStructureId} holds them) or
 * bare (FINESS, SIRET): their lengths tell them apart.
 */
final class LdifMapping {

    static final String PROFESSIONAL = "cadProfessional";
    static final String STRUCTURE = "cadStructure";
    static final String BOX = "cadBox";
    static final String PATIENT = "cadPatient";
    private static final List<String> CLASSES = List.of(PROFESSIONAL, STRUCTURE, BOX, PATIENT);

    private final Optional<DN> base;
    private final Instant now;

    /** {@code now} dates a patient whose entry has no creation date. */
    LdifMapping(Optional<DN> base, Instant now) {
        this.base = base;
        this.now = now;
    }

    /** The record the entry describes; empty for an entry of none of our classes. */
    Optional<LdifRecord> map(Entry entry, long line) throws RejectedLineException {
        List<String> classes = new ArrayList<>(1);
        for (String objectClass : CLASSES) {
            if (entry.hasObjectClass(objectClass)) {
                classes.add(objectClass);
            }
        }
        if (classes.isEmpty()) {
            return Optional.empty();
        }
        if (classes.size() > 1) {
            throw EntryFields.rejected(line, entry, "object classes " + String.join(" and ", classes)
                    + " in one entry; an entry describes one record");
        }
        requireUnderBase(entry, line);
        EntryFields fields = new EntryFields(entry);
        return Optional.of(switch (classes.get(0)) {
            case PROFESSIONAL -> professional(fields, entry, line);
            case STRUCTURE -> structure(fields, entry, line);
            case BOX -> box(fields, entry, line);
            default -> patient(fields, entry, line);
        });
    }

    private void requireUnderBase(Entry entry, long line) throws RejectedLineException {
        if (base.isEmpty()) {
            return;
        }
        try {
            if (!entry.getParsedDN().isDescendantOf(base.get(), false)) {
                throw EntryFields.rejected(line, entry, "not under the base DN " + base.get());
            }
        } catch (LDAPException e) {
            throw EntryFields.rejected(line, entry, "the DN is not valid: " + e.getExceptionMessage());
        }
    }

    private static LdifRecord professional(EntryFields f, Entry entry, long line) throws RejectedLineException {
        IdNat idNat = f.parsed("cadIdNat", true, IdNat::parse);
        String lastName = f.text("sn", true);
        String firstName = f.text("givenName", false);
        String title = f.text("cadTitle", false);
        String code = f.text("cadProfessionCode", false);
        String label = f.text("cadProfessionLabel", false);
        String specialtyCode = f.text("cadSpecialtyCode", false);
        String specialtyLabel = f.text("cadSpecialtyLabel", false);
        f.check(line);
        return build(entry, line, () -> new LdifRecord.ProfessionalEntry(line, new Professional(idNat, title,
                lastName, firstName, code, label, specialtyCode, specialtyLabel)));
    }

    private static LdifRecord structure(EntryFields f, Entry entry, long line) throws RejectedLineException {
        StructureId id = f.parsed("cadStructureId", true, LdifMapping::structureId);
        String name = f.text("o", true);
        String tradeName = f.text("cadTradeName", false);
        String postalCode = f.text("postalCode", false);
        String town = f.text("l", false);
        f.check(line);
        return build(entry, line, () -> new LdifRecord.StructureEntry(line, new Structure(id, name, tradeName,
                postalCode, town)));
    }

    private static LdifRecord box(EntryFields f, Entry entry, long line) throws RejectedLineException {
        BoxAddress address = f.parsed("mail", true, BoxAddress::parse);
        if (address != null && PatientAddress.isPatientDomain(address.domain())) {
            f.problem("mail " + Values.quote(address.address()) + " is in a patient domain: patients are "
                    + PATIENT + " entries");
        }
        BoxType type = f.parsed("cadBoxType", true, BoxType::parse);
        BoxStatus status = f.parsed("cadStatus", true, BoxStatus::parse);
        Instant created = f.parsed("cadCreated", true, LdifMapping::generalizedTime);
        Optional<IdNat> holder = Optional.ofNullable(f.parsed("cadIdNat", false, IdNat::parse));
        Optional<StructureId> structure = Optional.ofNullable(f.parsed("cadStructureId", false,
                LdifMapping::structureId));
        Optional<IdNat> responsible = Optional.ofNullable(f.parsed("cadResponsible", false, IdNat::parse));
        Set<IdNat> members = f.all("cadMember", IdNat::parse);
        Boolean listeRouge = f.parsed("cadListeRouge", false, LdifMapping::bool);
        String service = f.text("cadService", false);
        String softwareRef = f.text("cadSoftwareRef", false);
        Optional<String> password = Optional.ofNullable(f.text("userPassword", false));
        f.check(line);
        return build(entry, line, () -> new LdifRecord.BoxEntry(line, new Box(address, type, holder, structure,
                responsible, members, Boolean.TRUE.equals(listeRouge), status, created, service, softwareRef),
                password));
    }

    private LdifRecord patient(EntryFields f, Entry entry, long line) throws RejectedLineException {
        Ins ins = f.parsed("cadIns", true, Ins::parse);
        String lastName = f.text("sn", true);
        String firstName = f.text("givenName", false);
        Optional<LocalDate> birthDate = Optional.ofNullable(f.parsed("cadBirthDate", false, LocalDate::parse));
        PatientAddress address = f.parsed("mail", true, PatientAddress::parse);
        BoxStatus status = f.parsed("cadStatus", false, BoxStatus::parse);
        Instant created = f.parsed("cadCreated", false, LdifMapping::generalizedTime);
        Set<Dispensing> dispensings = f.all("cadDispensing", LdifMapping::dispensing);
        Optional<String> password = Optional.ofNullable(f.text("userPassword", false));
        f.check(line);
        return build(entry, line, () -> new LdifRecord.PatientEntry(line, new Patient(ins, lastName, firstName,
                birthDate, address, status == null ? BoxStatus.ACTIVE : status, created == null ? now : created,
                List.copyOf(dispensings)), created != null, password));
    }

    /** Builds the record; a rule of the model it breaks rejects the entry with the model's own words. */
    private static LdifRecord build(Entry entry, long line, Supplier<LdifRecord> record)
            throws RejectedLineException {
        try {
            return record.get();
        } catch (InvalidModelException e) {
            throw EntryFields.rejected(line, entry, e.getMessage());
        }
    }

    static StructureId structureId(String value) {
        String s = value.strip();
        return s.length() == 10 || s.length() == 15 ? StructureId.parseNational(s) : StructureId.parse(s);
    }

    static Instant generalizedTime(String value) {
        try {
            return StaticUtils.decodeGeneralizedTime(value.strip()).toInstant();
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a generalized time (YYYYMMDDhhmmssZ)", e);
        }
    }

    static boolean bool(String value) {
        return switch (value.strip().toUpperCase(Locale.ROOT)) {
            case "TRUE" -> true;
            case "FALSE" -> false;
            default -> throw new IllegalArgumentException("expected TRUE or FALSE");
        };
    }

    /** {@code <structure id> <YYYY-MM-DD>}, as the schema describes cadDispensing. */
    static Dispensing dispensing(String value) {
        String[] parts = value.strip().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected '<structure id> <YYYY-MM-DD>'");
        }
        return new Dispensing(structureId(parts[0]), LocalDate.parse(parts[1]));
    }
}
