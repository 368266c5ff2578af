package fr.caducee.directory.ldap;

import static fr.caducee.directory.ldap.LdapNames.NAME;
import static fr.caducee.directory.ldap.LdapNames.OBJECT_CLASS;
import static fr.caducee.directory.ldap.LdapNames.POSTAL_CODE;
import static fr.caducee.directory.ldap.LdapNames.STRUCTURE_CLASS;
import static fr.caducee.directory.ldap.LdapNames.STRUCTURE_ID;
import static fr.caducee.directory.ldap.LdapNames.TOP;
import static fr.caducee.directory.ldap.LdapNames.TOWN;
import static fr.caducee.directory.ldap.LdapNames.TRADE_NAME;

import java.util.List;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;

import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Structure;

/** Structure records as {@code cadStructure} entries, keyed by the national id (1 + FINESS, 3 + SIRET). */
final class StructureEntries {

    static final List<String> MANAGED = List.of(STRUCTURE_ID, NAME, TRADE_NAME, POSTAL_CODE, TOWN);
    static final String[] READ = LdapNames.plusObjectClass(MANAGED);

    private StructureEntries() {
    }

    static Entry toEntry(DN dn, Structure s) {
        Entry entry = new Entry(dn);
        entry.addAttribute(OBJECT_CLASS, TOP, STRUCTURE_CLASS);
        entry.addAttribute(STRUCTURE_ID, s.id().nationalId());
        entry.addAttribute(NAME, s.name());
        EntryValues.put(entry, TRADE_NAME, s.tradeName());
        EntryValues.put(entry, POSTAL_CODE, s.postalCode());
        EntryValues.put(entry, TOWN, s.town());
        return entry;
    }

    static Structure fromEntry(Entry entry) {
        return new Structure(StructureId.parseNational(EntryValues.key(entry, STRUCTURE_ID)),
                EntryValues.required(entry, NAME),
                EntryValues.optional(entry, TRADE_NAME),
                EntryValues.optional(entry, POSTAL_CODE),
                EntryValues.optional(entry, TOWN));
    }
}
