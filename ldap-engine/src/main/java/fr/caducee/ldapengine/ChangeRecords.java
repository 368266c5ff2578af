package fr.caducee.ldapengine;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.ReadOnlyAddRequest;
import com.unboundid.ldap.sdk.ReadOnlyDeleteRequest;
import com.unboundid.ldap.sdk.ReadOnlyModifyDNRequest;
import com.unboundid.ldap.sdk.ReadOnlyModifyRequest;
import com.unboundid.ldif.LDIFAddChangeRecord;
import com.unboundid.ldif.LDIFChangeRecord;
import com.unboundid.ldif.LDIFDeleteChangeRecord;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFModifyChangeRecord;
import com.unboundid.ldif.LDIFModifyDNChangeRecord;
import com.unboundid.ldif.LDIFReader;

/**
 * Journal records: the LDIF change record of each applied write. Replaying them in order on the state they were
 * applied to yields the same state, because the server is deterministic (no generated operational attributes, no
 * password encoders) and the journal order is the apply order.
 */
final class ChangeRecords {

    /**
     * The request controls that change what a successful write does, so its replay needs them: subtree delete,
     * permissive modify, ManageDsaIT. Others only guard or decorate the operation (assertion, pre/post-read,
     * proxied authorisation) and could even fail on replay, so they are not journaled.
     */
    private static final Set<String> STATE_CONTROLS = Set.of(
            "1.2.840.113556.1.4.805", "1.2.840.113556.1.4.1413", "2.16.840.1.113730.3.4.2");

    private ChangeRecords() {
    }

    static LDIFChangeRecord add(ReadOnlyAddRequest request) {
        return new LDIFAddChangeRecord(request.getDN(), request.getAttributes(), stateControls(request.getControlList()));
    }

    static LDIFChangeRecord modify(ReadOnlyModifyRequest request) {
        return new LDIFModifyChangeRecord(request.getDN(), request.getModifications(),
                stateControls(request.getControlList()));
    }

    static LDIFChangeRecord delete(ReadOnlyDeleteRequest request) {
        return new LDIFDeleteChangeRecord(request.getDN(), stateControls(request.getControlList()));
    }

    static LDIFChangeRecord modifyDN(ReadOnlyModifyDNRequest request) {
        return new LDIFModifyDNChangeRecord(request.getDN(), request.getNewRDN(), request.deleteOldRDN(),
                request.getNewSuperiorDN(), stateControls(request.getControlList()));
    }

    static byte[] encode(LDIFChangeRecord change) {
        // Wrap column 0: no folding, one logical line per physical line.
        return change.toLDIFString(0).getBytes(StandardCharsets.UTF_8);
    }

    static LDIFChangeRecord decode(byte[] payload) throws LDIFException {
        String[] lines = new String(payload, StandardCharsets.UTF_8).split("\r?\n");
        return LDIFReader.decodeChangeRecord(lines);
    }

    private static List<Control> stateControls(List<Control> controls) {
        return controls.stream().filter(control -> STATE_CONTROLS.contains(control.getOID())).toList();
    }
}
