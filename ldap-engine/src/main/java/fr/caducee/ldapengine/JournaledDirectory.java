package fr.caducee.ldapengine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.CompareRequest;
import com.unboundid.ldap.sdk.CompareResult;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ReadOnlyAddRequest;
import com.unboundid.ldap.sdk.ReadOnlyCompareRequest;
import com.unboundid.ldap.sdk.ReadOnlyDeleteRequest;
import com.unboundid.ldap.sdk.ReadOnlyModifyDNRequest;
import com.unboundid.ldap.sdk.ReadOnlyModifyRequest;
import com.unboundid.ldap.sdk.ReadOnlySearchRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultListener;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFChangeRecord;
import com.unboundid.ldif.LDIFException;

/**
 * The in-process view of the embedded directory, without sockets. Reads go straight to the {@link EntryStore};
 * every write overload funnels into one of four methods that go through {@link DurableWrites} (or, while the
 * journal is replayed at start, straight to the store). Operations run with full rights, as the mail server's own.
 */
public final class JournaledDirectory implements LDAPInterface {

    private final EntryStore store;
    private final DurableWrites writes;

    JournaledDirectory(EntryStore store, DurableWrites writes) {
        this.store = store;
        this.writes = writes;
    }

    /** The store without journal, for replaying the journal itself. */
    static JournaledDirectory replaying(EntryStore store) {
        return new JournaledDirectory(store, null);
    }

    // ---- Writes: the four that journal.

    @Override
    public LDAPResult add(ReadOnlyAddRequest request) throws LDAPException {
        return write(() -> store.add(request), () -> ChangeRecords.add(request));
    }

    @Override
    public LDAPResult modify(ReadOnlyModifyRequest request) throws LDAPException {
        return write(() -> store.modify(request), () -> ChangeRecords.modify(request));
    }

    @Override
    public LDAPResult delete(ReadOnlyDeleteRequest request) throws LDAPException {
        return write(() -> store.delete(request), () -> ChangeRecords.delete(request));
    }

    @Override
    public LDAPResult modifyDN(ReadOnlyModifyDNRequest request) throws LDAPException {
        return write(() -> store.modifyDN(request), () -> ChangeRecords.modifyDN(request));
    }

    /** Applies the change, journaled unless this directory serves the replay of the journal itself. */
    private LDAPResult write(DurableWrites.Operation<LDAPResult> operation, Supplier<LDIFChangeRecord> change)
            throws LDAPException {
        if (writes == null) {
            return operation.apply();
        }
        return writes.write(operation, JournaledDirectory::succeeded, change);
    }

    /** NO_OPERATION (the no-op control) returns normally but changed nothing. */
    private static boolean succeeded(LDAPResult result) {
        return result.getResultCode() == ResultCode.SUCCESS;
    }

    // ---- Write overloads.

    @Override
    public LDAPResult add(String dn, Attribute... attributes) throws LDAPException {
        return add(new AddRequest(dn, attributes));
    }

    @Override
    public LDAPResult add(String dn, Collection<Attribute> attributes) throws LDAPException {
        return add(new AddRequest(dn, attributes));
    }

    @Override
    public LDAPResult add(Entry entry) throws LDAPException {
        return add(new AddRequest(entry));
    }

    @Override
    public LDAPResult add(String... ldifLines) throws LDIFException, LDAPException {
        return add(new AddRequest(ldifLines));
    }

    @Override
    public LDAPResult add(AddRequest request) throws LDAPException {
        return add((ReadOnlyAddRequest) request);
    }

    @Override
    public LDAPResult delete(String dn) throws LDAPException {
        return delete(new DeleteRequest(dn));
    }

    @Override
    public LDAPResult delete(DeleteRequest request) throws LDAPException {
        return delete((ReadOnlyDeleteRequest) request);
    }

    @Override
    public LDAPResult modify(String dn, Modification modification) throws LDAPException {
        return modify(new ModifyRequest(dn, modification));
    }

    @Override
    public LDAPResult modify(String dn, Modification... modifications) throws LDAPException {
        return modify(new ModifyRequest(dn, modifications));
    }

    @Override
    public LDAPResult modify(String dn, List<Modification> modifications) throws LDAPException {
        return modify(new ModifyRequest(dn, modifications));
    }

    @Override
    public LDAPResult modify(String... ldifModificationLines) throws LDIFException, LDAPException {
        return modify(new ModifyRequest(ldifModificationLines));
    }

    @Override
    public LDAPResult modify(ModifyRequest request) throws LDAPException {
        return modify((ReadOnlyModifyRequest) request);
    }

    @Override
    public LDAPResult modifyDN(String dn, String newRDN, boolean deleteOldRDN) throws LDAPException {
        return modifyDN(new ModifyDNRequest(dn, newRDN, deleteOldRDN));
    }

    @Override
    public LDAPResult modifyDN(String dn, String newRDN, boolean deleteOldRDN, String newSuperiorDN)
            throws LDAPException {
        return modifyDN(new ModifyDNRequest(dn, newRDN, deleteOldRDN, newSuperiorDN));
    }

    @Override
    public LDAPResult modifyDN(ModifyDNRequest request) throws LDAPException {
        return modifyDN((ReadOnlyModifyDNRequest) request);
    }

    // ---- Reads.

    @Override
    public RootDSE getRootDSE() {
        return new RootDSE(store.rootDse());
    }

    @Override
    public Schema getSchema() {
        return store.schema();
    }

    @Override
    public Schema getSchema(String entryDN) {
        return store.schema();
    }

    @Override
    public SearchResultEntry getEntry(String dn) throws LDAPException {
        return getEntry(dn, new String[0]);
    }

    @Override
    public SearchResultEntry getEntry(String dn, String... attributes) throws LDAPException {
        SearchResultEntry[] found = new SearchResultEntry[1];
        try {
            store.search(dn, SearchScope.BASE, Filter.createPresenceFilter("objectClass"), 0, attributes(attributes),
                    false, entry -> found[0] = new SearchResultEntry(entry));
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return null;
            }
            throw e;
        }
        return found[0];
    }

    @Override
    public CompareResult compare(String dn, String attributeName, String assertionValue) throws LDAPException {
        return compare(new CompareRequest(dn, attributeName, assertionValue));
    }

    @Override
    public CompareResult compare(CompareRequest request) throws LDAPException {
        return compare((ReadOnlyCompareRequest) request);
    }

    @Override
    public CompareResult compare(ReadOnlyCompareRequest request) throws LDAPException {
        Entry entry = store.get(request.getDN());
        if (entry == null) {
            throw EntryStore.refusal(ResultCode.NO_SUCH_OBJECT, "Entry " + request.getDN() + " does not exist");
        }
        boolean matches = Filter.createEqualityFilter(request.getAttributeName(), request.getAssertionValueBytes())
                .matchesEntry(entry, store.schema());
        return new CompareResult(new LDAPResult(-1, matches ? ResultCode.COMPARE_TRUE : ResultCode.COMPARE_FALSE));
    }

    @Override
    public SearchResult search(String baseDN, SearchScope scope, String filter, String... attributes)
            throws LDAPSearchException {
        return search(new SearchRequest(baseDN, scope, parse(filter), attributes));
    }

    @Override
    public SearchResult search(String baseDN, SearchScope scope, Filter filter, String... attributes)
            throws LDAPSearchException {
        return search(new SearchRequest(baseDN, scope, filter, attributes));
    }

    @Override
    public SearchResult search(SearchResultListener listener, String baseDN, SearchScope scope, String filter,
                               String... attributes) throws LDAPSearchException {
        return search(new SearchRequest(listener, baseDN, scope, parse(filter), attributes));
    }

    @Override
    public SearchResult search(SearchResultListener listener, String baseDN, SearchScope scope, Filter filter,
                               String... attributes) throws LDAPSearchException {
        return search(new SearchRequest(listener, baseDN, scope, filter, attributes));
    }

    @Override
    public SearchResult search(String baseDN, SearchScope scope, DereferencePolicy derefPolicy, int sizeLimit,
                               int timeLimit, boolean typesOnly, String filter, String... attributes)
            throws LDAPSearchException {
        return search(new SearchRequest(baseDN, scope, derefPolicy, sizeLimit, timeLimit, typesOnly, parse(filter),
                attributes));
    }

    @Override
    public SearchResult search(String baseDN, SearchScope scope, DereferencePolicy derefPolicy, int sizeLimit,
                               int timeLimit, boolean typesOnly, Filter filter, String... attributes)
            throws LDAPSearchException {
        return search(new SearchRequest(baseDN, scope, derefPolicy, sizeLimit, timeLimit, typesOnly, filter,
                attributes));
    }

    @Override
    public SearchResult search(SearchResultListener listener, String baseDN, SearchScope scope,
                               DereferencePolicy derefPolicy, int sizeLimit, int timeLimit, boolean typesOnly,
                               String filter, String... attributes) throws LDAPSearchException {
        return search(new SearchRequest(listener, baseDN, scope, derefPolicy, sizeLimit, timeLimit, typesOnly,
                parse(filter), attributes));
    }

    @Override
    public SearchResult search(SearchResultListener listener, String baseDN, SearchScope scope,
                               DereferencePolicy derefPolicy, int sizeLimit, int timeLimit, boolean typesOnly,
                               Filter filter, String... attributes) throws LDAPSearchException {
        return search(new SearchRequest(listener, baseDN, scope, derefPolicy, sizeLimit, timeLimit, typesOnly,
                filter, attributes));
    }

    @Override
    public SearchResult search(SearchRequest request) throws LDAPSearchException {
        return search((ReadOnlySearchRequest) request);
    }

    /**
     * Runs the search; entries go to the request's listener when it has one, else into the result. Like a
     * connection, throws when the result is not a success (the entries found so far are in the exception).
     */
    @Override
    public SearchResult search(ReadOnlySearchRequest request) throws LDAPSearchException {
        SearchResultListener listener = request instanceof SearchRequest full ? full.getSearchResultListener() : null;
        List<SearchResultEntry> found = listener == null ? new ArrayList<>() : null;
        EntryStore.Outcome outcome;
        try {
            outcome = store.search(request.getBaseDN(), request.getScope(), request.getFilter(),
                    request.getSizeLimit(), request.getAttributeList(), request.typesOnly(), entry -> {
                        SearchResultEntry result = new SearchResultEntry(entry);
                        if (listener == null) {
                            found.add(result);
                        } else {
                            listener.searchEntryReturned(result);
                        }
                    });
        } catch (LDAPException e) {
            throw new LDAPSearchException(e);
        }
        SearchResult result = new SearchResult(-1, outcome.code(),
                outcome.code() == ResultCode.SUCCESS ? null : "The size limit was exceeded", null, null, found,
                listener == null ? new ArrayList<>() : null, outcome.entries(), 0, null);
        if (outcome.code() != ResultCode.SUCCESS) {
            throw new LDAPSearchException(result);
        }
        return result;
    }

    @Override
    public SearchResultEntry searchForEntry(String baseDN, SearchScope scope, String filter, String... attributes)
            throws LDAPSearchException {
        return searchForEntry(new SearchRequest(baseDN, scope, parse(filter), attributes));
    }

    @Override
    public SearchResultEntry searchForEntry(String baseDN, SearchScope scope, Filter filter, String... attributes)
            throws LDAPSearchException {
        return searchForEntry(new SearchRequest(baseDN, scope, filter, attributes));
    }

    @Override
    public SearchResultEntry searchForEntry(String baseDN, SearchScope scope, DereferencePolicy derefPolicy,
                                            int timeLimit, boolean typesOnly, String filter, String... attributes)
            throws LDAPSearchException {
        return searchForEntry(new SearchRequest(baseDN, scope, derefPolicy, 0, timeLimit, typesOnly, parse(filter),
                attributes));
    }

    @Override
    public SearchResultEntry searchForEntry(String baseDN, SearchScope scope, DereferencePolicy derefPolicy,
                                            int timeLimit, boolean typesOnly, Filter filter, String... attributes)
            throws LDAPSearchException {
        return searchForEntry(new SearchRequest(baseDN, scope, derefPolicy, 0, timeLimit, typesOnly, filter,
                attributes));
    }

    @Override
    public SearchResultEntry searchForEntry(SearchRequest request) throws LDAPSearchException {
        return searchForEntry((ReadOnlySearchRequest) request);
    }

    /** The only entry the search finds, or null; more than one is a SIZE_LIMIT_EXCEEDED, as on a connection. */
    @Override
    public SearchResultEntry searchForEntry(ReadOnlySearchRequest request) throws LDAPSearchException {
        SearchRequest limited = request.duplicate();
        limited.setSizeLimit(1);
        try {
            List<SearchResultEntry> entries = search((ReadOnlySearchRequest) limited).getSearchEntries();
            return entries.isEmpty() ? null : entries.get(0);
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return null;
            }
            throw e;
        }
    }

    private static List<String> attributes(String[] attributes) {
        return attributes == null ? List.of() : Arrays.asList(attributes);
    }

    private static Filter parse(String filter) throws LDAPSearchException {
        try {
            return Filter.create(filter);
        } catch (LDAPException e) {
            throw new LDAPSearchException(e);
        }
    }
}
