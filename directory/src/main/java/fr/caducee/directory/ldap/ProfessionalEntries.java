package fr.caducee.directory.ldap;

import static fr.caducee.directory.ldap.LdapNames.FIRST_NAME;
import static fr.caducee.directory.ldap.LdapNames.ID_NAT;
import static fr.caducee.directory.ldap.LdapNames.LAST_NAME;
import static fr.caducee.directory.ldap.LdapNames.OBJECT_CLASS;
import static fr.caducee.directory.ldap.LdapNames.PROFESSIONAL_CLASS;
import static fr.caducee.directory.ldap.LdapNames.PROFESSION_CODE;
import static fr.caducee.directory.ldap.LdapNames.PROFESSION_LABEL;
import static fr.caducee.directory.ldap.LdapNames.SPECIALTY_CODE;
import static fr.caducee.directory.ldap.LdapNames.SPECIALTY_LABEL;
import static fr.caducee.directory.ldap.LdapNames.TITLE;
import static fr.caducee.directory.ldap.LdapNames.TOP;

import java.util.List;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.model.Professional;

/**
 * Professional records as {@code cadProfessional} entries. {@code cadProfessionCategory} is not in the record: the
 * store neither reads nor writes it, so a value set by other means survives a put.
 */
final class ProfessionalEntries {

    /** What a put writes, and so compares: everything but the object classes. */
    static final List<String> MANAGED = List.of(ID_NAT, LAST_NAME, FIRST_NAME, TITLE, PROFESSION_CODE,
            PROFESSION_LABEL, SPECIALTY_CODE, SPECIALTY_LABEL);
    static final String[] READ = LdapNames.plusObjectClass(MANAGED);

    private ProfessionalEntries() {
    }

    static Entry toEntry(DN dn, Professional p) {
        Entry entry = new Entry(dn);
        entry.addAttribute(OBJECT_CLASS, TOP, PROFESSIONAL_CLASS);
        entry.addAttribute(ID_NAT, p.idNat().value());
        entry.addAttribute(LAST_NAME, p.lastName());
        EntryValues.put(entry, FIRST_NAME, p.firstName());
        EntryValues.put(entry, TITLE, p.title());
        EntryValues.put(entry, PROFESSION_CODE, p.professionCode());
        EntryValues.put(entry, PROFESSION_LABEL, p.professionLabel());
        EntryValues.put(entry, SPECIALTY_CODE, p.specialtyCode());
        EntryValues.put(entry, SPECIALTY_LABEL, p.specialtyLabel());
        return entry;
    }

    static Professional fromEntry(Entry entry) {
        return new Professional(IdNat.parse(EntryValues.key(entry, ID_NAT)),
                EntryValues.optional(entry, TITLE),
                EntryValues.required(entry, LAST_NAME),
                EntryValues.optional(entry, FIRST_NAME),
                EntryValues.optional(entry, PROFESSION_CODE),
                EntryValues.optional(entry, PROFESSION_LABEL),
                EntryValues.optional(entry, SPECIALTY_CODE),
                EntryValues.optional(entry, SPECIALTY_LABEL));
    }
}
