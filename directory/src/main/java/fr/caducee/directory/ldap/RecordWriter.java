package fr.caducee.directory.ldap;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;

import fr.caducee.domain.directory.store.DirectoryRefusal;
import fr.caducee.domain.directory.store.WriteOutcome;

/**
 * Add-or-replace of one record: read the stored entry, work out the entry wanted, then either one add or one
 * modify of the attributes that differ. One record is thus one atomic LDAP operation, and a put that changes
 * nothing writes nothing.
 *
 * <p>LDAP has no transaction spanning the read and the write. When another writer adds or removes the entry in
 * between (the add finds it there, the modify finds it gone), the put starts again from the read, so two
 * concurrent puts of the same record end as one ADDED and one UPDATED or UNCHANGED.
 */
final class RecordWriter {

    static final int ATTEMPTS = 3;

    private final LdapOperations ops;

    RecordWriter(LdapOperations ops) {
        this.ops = ops;
    }

    /**
     * @param what     the record, for messages: {@code "box a@b.fr"}
     * @param read     the attributes to read from the stored entry
     * @param managed  the attributes a put may change
     * @param desired  the entry to store, given the stored one; may throw a {@link DirectoryRefusal}
     */
    WriteOutcome put(String what, DN dn, String[] read, List<String> managed,
                     Function<Optional<Entry>, Entry> desired) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<Entry> stored = ops.get("read " + what, dn, read);
            Entry target = desired.apply(stored);
            if (stored.isEmpty()) {
                if (ops.add("add " + what, target)) {
                    return WriteOutcome.ADDED;
                }
                continue;
            }
            List<Modification> changes = EntryChanges.between(stored.get(), target, managed);
            if (changes.isEmpty()) {
                return WriteOutcome.UNCHANGED;
            }
            ResultCode result = ops.modify("update " + what, new ModifyRequest(dn, changes), ResultCode.NO_SUCH_OBJECT);
            if (result == ResultCode.SUCCESS) {
                return WriteOutcome.UPDATED;
            }
        }
        throw new DirectoryRefusal(DirectoryRefusal.Reason.CONFLICT, what + ": added or removed by another writer "
                + ATTEMPTS + " times while being written; try again");
    }
}
