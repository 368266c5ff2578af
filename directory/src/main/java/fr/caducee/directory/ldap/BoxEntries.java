package fr.caducee.directory.ldap;

import static fr.caducee.directory.ldap.LdapNames.BOX_CLASS;
import static fr.caducee.directory.ldap.LdapNames.BOX_TYPE;
import static fr.caducee.directory.ldap.LdapNames.CREATED;
import static fr.caducee.directory.ldap.LdapNames.ID_NAT;
import static fr.caducee.directory.ldap.LdapNames.LISTE_ROUGE;
import static fr.caducee.directory.ldap.LdapNames.MAIL;
import static fr.caducee.directory.ldap.LdapNames.MEMBER;
import static fr.caducee.directory.ldap.LdapNames.OBJECT_CLASS;
import static fr.caducee.directory.ldap.LdapNames.RESPONSIBLE;
import static fr.caducee.directory.ldap.LdapNames.SERVICE;
import static fr.caducee.directory.ldap.LdapNames.SOFTWARE_REF;
import static fr.caducee.directory.ldap.LdapNames.STATUS;
import static fr.caducee.directory.ldap.LdapNames.STRUCTURE_ID;
import static fr.caducee.directory.ldap.LdapNames.TOP;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;

/**
 * Box records as {@code cadBox} entries. The password ({@code userPassword}) is not part of the record: it is
 * never read with the box and a put leaves it as it is.
 */
final class BoxEntries {

    static final List<String> MANAGED = List.of(MAIL, BOX_TYPE, STATUS, CREATED, ID_NAT, STRUCTURE_ID, RESPONSIBLE,
            MEMBER, LISTE_ROUGE, SOFTWARE_REF, SERVICE);
    static final String[] READ = LdapNames.plusObjectClass(MANAGED);

    private BoxEntries() {
    }

    static Entry toEntry(DN dn, Box box) {
        Entry entry = new Entry(dn);
        entry.addAttribute(OBJECT_CLASS, TOP, BOX_CLASS);
        entry.addAttribute(MAIL, box.address().address());
        entry.addAttribute(BOX_TYPE, box.type().name());
        entry.addAttribute(STATUS, box.status().code());
        entry.addAttribute(CREATED, EntryValues.time(box.created()));
        EntryValues.put(entry, ID_NAT, box.professional().map(IdNat::value).orElse(""));
        EntryValues.put(entry, STRUCTURE_ID, box.structure().map(StructureId::nationalId).orElse(""));
        EntryValues.put(entry, RESPONSIBLE, box.responsible().map(IdNat::value).orElse(""));
        EntryValues.put(entry, MEMBER, box.members().stream().map(IdNat::value).sorted().toList());
        entry.addAttribute(LISTE_ROUGE, EntryValues.bool(box.listeRouge()));
        EntryValues.put(entry, SOFTWARE_REF, box.softwareRef());
        EntryValues.put(entry, SERVICE, box.service());
        return entry;
    }

    static Box fromEntry(Entry entry) {
        Set<IdNat> members = EntryValues.all(entry, MEMBER).stream().map(IdNat::parse).collect(Collectors.toSet());
        return new Box(BoxAddress.parse(EntryValues.key(entry, MAIL)),
                type(entry),
                EntryValues.single(entry, ID_NAT).map(IdNat::parse),
                EntryValues.single(entry, STRUCTURE_ID).map(StructureId::parseNational),
                EntryValues.single(entry, RESPONSIBLE).map(IdNat::parse),
                members,
                EntryValues.bool(entry, LISTE_ROUGE),
                BoxStatus.parse(EntryValues.required(entry, STATUS)),
                EntryValues.time(entry, CREATED),
                EntryValues.optional(entry, SERVICE),
                EntryValues.optional(entry, SOFTWARE_REF));
    }

    static BoxType type(Entry entry) {
        return BoxType.parse(EntryValues.required(entry, BOX_TYPE));
    }

    /** The stored type, or empty when it is missing or not a type (a hand-edited entry). */
    static Optional<BoxType> validType(Entry entry) {
        try {
            return Optional.of(type(entry));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The stored holder, or empty when there is none or it is not an idNat. */
    static Optional<IdNat> validHolder(Entry entry) {
        try {
            return EntryValues.single(entry, ID_NAT).map(IdNat::parse);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
