package fr.caducee.directory.ldap;

import static fr.caducee.directory.ldap.LdapNames.BIRTH_DATE;
import static fr.caducee.directory.ldap.LdapNames.CREATED;
import static fr.caducee.directory.ldap.LdapNames.DISPENSING;
import static fr.caducee.directory.ldap.LdapNames.FIRST_NAME;
import static fr.caducee.directory.ldap.LdapNames.INS;
import static fr.caducee.directory.ldap.LdapNames.LAST_NAME;
import static fr.caducee.directory.ldap.LdapNames.MAIL;
import static fr.caducee.directory.ldap.LdapNames.OBJECT_CLASS;
import static fr.caducee.directory.ldap.LdapNames.PATIENT_CLASS;
import static fr.caducee.directory.ldap.LdapNames.STATUS;
import static fr.caducee.directory.ldap.LdapNames.TOP;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;

import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.Dispensing;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;

/**
 * Patient records as {@code cadPatient} entries. Dispensings are the values of {@code cadDispensing},
 * {@code "<structure national id> <YYYY-MM-DD>"}: LDAP keeps no order among values, so they are read back sorted by
 * date then structure, and a dispensing recorded twice is one value.
 */
final class PatientEntries {

    static final List<String> MANAGED = List.of(INS, LAST_NAME, FIRST_NAME, BIRTH_DATE, MAIL, STATUS, CREATED,
            DISPENSING);
    static final String[] READ = LdapNames.plusObjectClass(MANAGED);
    static final Comparator<Dispensing> ORDER = Comparator.comparing(Dispensing::date)
            .thenComparing(d -> d.pharmacy().nationalId());

    private PatientEntries() {
    }

    static Entry toEntry(DN dn, Patient p) {
        Entry entry = new Entry(dn);
        entry.addAttribute(OBJECT_CLASS, TOP, PATIENT_CLASS);
        entry.addAttribute(INS, p.ins().matricule());
        entry.addAttribute(LAST_NAME, p.lastName());
        EntryValues.put(entry, FIRST_NAME, p.firstName());
        EntryValues.put(entry, BIRTH_DATE, p.birthDate().map(LocalDate::toString).orElse(""));
        entry.addAttribute(MAIL, p.address().toString());
        entry.addAttribute(STATUS, p.status().code());
        entry.addAttribute(CREATED, EntryValues.time(p.created()));
        EntryValues.put(entry, DISPENSING, p.dispensings().stream().map(PatientEntries::dispensing).distinct()
                .sorted().toList());
        return entry;
    }

    static Patient fromEntry(Entry entry) {
        return new Patient(Ins.parse(EntryValues.key(entry, INS)),
                EntryValues.required(entry, LAST_NAME),
                EntryValues.optional(entry, FIRST_NAME),
                EntryValues.single(entry, BIRTH_DATE).map(v -> EntryValues.date(BIRTH_DATE, v)),
                PatientAddress.parse(EntryValues.required(entry, MAIL)),
                BoxStatus.parse(EntryValues.required(entry, STATUS)),
                EntryValues.time(entry, CREATED),
                EntryValues.all(entry, DISPENSING).stream().map(PatientEntries::dispensing).sorted(ORDER).toList());
    }

    static String dispensing(Dispensing d) {
        return d.pharmacy().nationalId() + " " + d.date();
    }

    static Dispensing dispensing(String value) {
        String[] parts = value.strip().split(" +");
        if (parts.length != 2) {
            throw new IllegalArgumentException(DISPENSING + " '" + value
                    + "' is not '<structure national id> <YYYY-MM-DD>'");
        }
        return new Dispensing(StructureId.parseNational(parts[0]), EntryValues.date(DISPENSING, parts[1]));
    }
}
