package fr.caducee.directory.ldap;

import java.util.EnumMap;
import java.util.Map;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.RDN;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.BoxAddress;

/** Where records live: one {@code ou} container per kind under the base DN, each entry named by its key. */
final class DirectoryTree {

    private final DN base;
    private final Map<RecordKind, DN> containers = new EnumMap<>(RecordKind.class);

    DirectoryTree(DN base) {
        this.base = base;
        for (RecordKind kind : RecordKind.values()) {
            containers.put(kind, new DN(new RDN("ou", kind.container()), base));
        }
    }

    DN base() {
        return base;
    }

    DN container(RecordKind kind) {
        return containers.get(kind);
    }

    /** The DN of a record; the RDN value is escaped by the SDK, so any key is safe. */
    DN dn(RecordKind kind, String key) {
        return new DN(new RDN(kind.keyAttribute(), key), container(kind));
    }

    DN professional(IdNat idNat) {
        return dn(RecordKind.PROFESSIONAL, idNat.value());
    }

    DN structure(StructureId id) {
        return dn(RecordKind.STRUCTURE, id.nationalId());
    }

    DN box(BoxAddress address) {
        return dn(RecordKind.BOX, address.address());
    }

    DN patient(Ins ins) {
        return dn(RecordKind.PATIENT, ins.matricule());
    }
}
