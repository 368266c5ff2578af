package fr.caducee.directory.ldap;

import java.util.Collection;
import java.util.List;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
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
import com.unboundid.ldif.LDIFException;

/**
 * The in-process view of the embedded directory, without sockets. Reads go straight to the in-memory server;
 * every write overload funnels into one of four methods that go through {@link DurableWrites}, because the
 * server's own add/modify/delete/modifyDN methods neither journal nor pass through operation interceptors.
 * Operations run with full rights, as the mail server's own.
 */
final class JournaledDirectory implements LDAPInterface {

    private final InMemoryDirectoryServer server;
    private final DurableWrites writes;

    JournaledDirectory(InMemoryDirectoryServer server, DurableWrites writes) {
        this.server = server;
        this.writes = writes;
    }

    // ---- Writes: the four that journal.

    @Override
    public LDAPResult add(ReadOnlyAddRequest request) throws LDAPException {
        return writes.write(() -> server.add(request), JournaledDirectory::succeeded, () -> ChangeRecords.add(request));
    }

    @Override
    public LDAPResult modify(ReadOnlyModifyRequest request) throws LDAPException {
        return writes.write(() -> server.modify(request), JournaledDirectory::succeeded,
                () -> ChangeRecords.modify(request));
    }

    @Override
    public LDAPResult delete(ReadOnlyDeleteRequest request) throws LDAPException {
        return writes.write(() -> server.delete(request), JournaledDirectory::succeeded,
                () -> ChangeRecords.delete(request));
    }

    @Override
    public LDAPResult modifyDN(ReadOnlyModifyDNRequest request) throws LDAPException {
        return writes.write(() -> server.modifyDN(request), JournaledDirectory::succeeded,
                () -> ChangeRecords.modifyDN(request));
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
    public RootDSE getRootDSE() throws LDAPException {
        return server.getRootDSE();
    }

    @Override
    public Schema getSchema() throws LDAPException {
        return server.getSchema();
    }

    @Override
    public Schema getSchema(String entryDN) throws LDAPException {
        return server.getSchema(entryDN);
    }

    @Override
    public SearchResultEntry getEntry(String dn) throws LDAPException {
        return server.getEntry(dn);
    }

    @Override
    public SearchResultEntry getEntry(String dn, String... attributes) throws LDAPException {
        return server.getEntry(dn, attributes);
    }

    @Override
    public CompareResult compare(String dn, String attributeName, String assertionValue) throws LDAPException {
        return server.compare(dn, attributeName, assertionValue);
    }

    @Override
    public CompareResult compare(CompareRequest request) throws LDAPException {
        return server.compare(request);
    }

    @Override
    public CompareResult compare(ReadOnlyCompareRequest request) throws LDAPException {
        return server.compare(request);
    }

    @Override
    public SearchResult search(String baseDN, SearchScope scope, String filter, String... attributes)
            throws LDAPSearchException {
        return server.search(baseDN, scope, filter, attributes);
    }

    @Override
    public SearchResult search(String baseDN, SearchScope scope, Filter filter, String... attributes)
            throws LDAPSearchException {
        return server.search(baseDN, scope, filter, attributes);
    }

    @Override
    public SearchResult search(SearchResultListener listener, String baseDN, SearchScope scope, String filter,
                               String... attributes) throws LDAPSearchException {
        return server.search(listener, baseDN, scope, filter, attributes);
    }

    @Override
    public SearchResult search(SearchResultListener listener, String baseDN, SearchScope scope, Filter filter,
                               String... attributes) throws LDAPSearchException {
        return server.search(listener, baseDN, scope, filter, attributes);
    }

    @Override
    public SearchResult search(String baseDN, SearchScope scope, DereferencePolicy derefPolicy, int sizeLimit,
                               int timeLimit, boolean typesOnly, String filter, String... attributes)
            throws LDAPSearchException {
        return server.search(baseDN, scope, derefPolicy, sizeLimit, timeLimit, typesOnly, filter, attributes);
    }

    @Override
    public SearchResult search(String baseDN, SearchScope scope, DereferencePolicy derefPolicy, int sizeLimit,
                               int timeLimit, boolean typesOnly, Filter filter, String... attributes)
            throws LDAPSearchException {
        return server.search(baseDN, scope, derefPolicy, sizeLimit, timeLimit, typesOnly, filter, attributes);
    }

    @Override
    public SearchResult search(SearchResultListener listener, String baseDN, SearchScope scope,
                               DereferencePolicy derefPolicy, int sizeLimit, int timeLimit, boolean typesOnly,
                               String filter, String... attributes) throws LDAPSearchException {
        return server.search(listener, baseDN, scope, derefPolicy, sizeLimit, timeLimit, typesOnly, filter,
                attributes);
    }

    @Override
    public SearchResult search(SearchResultListener listener, String baseDN, SearchScope scope,
                               DereferencePolicy derefPolicy, int sizeLimit, int timeLimit, boolean typesOnly,
                               Filter filter, String... attributes) throws LDAPSearchException {
        return server.search(listener, baseDN, scope, derefPolicy, sizeLimit, timeLimit, typesOnly, filter,
                attributes);
    }

    @Override
    public SearchResult search(SearchRequest request) throws LDAPSearchException {
        return server.search(request);
    }

    @Override
    public SearchResult search(ReadOnlySearchRequest request) throws LDAPSearchException {
        return server.search(request);
    }

    @Override
    public SearchResultEntry searchForEntry(String baseDN, SearchScope scope, String filter, String... attributes)
            throws LDAPSearchException {
        return server.searchForEntry(baseDN, scope, filter, attributes);
    }

    @Override
    public SearchResultEntry searchForEntry(String baseDN, SearchScope scope, Filter filter, String... attributes)
            throws LDAPSearchException {
        return server.searchForEntry(baseDN, scope, filter, attributes);
    }

    @Override
    public SearchResultEntry searchForEntry(String baseDN, SearchScope scope, DereferencePolicy derefPolicy,
                                            int timeLimit, boolean typesOnly, String filter, String... attributes)
            throws LDAPSearchException {
        return server.searchForEntry(baseDN, scope, derefPolicy, timeLimit, typesOnly, filter, attributes);
    }

    @Override
    public SearchResultEntry searchForEntry(String baseDN, SearchScope scope, DereferencePolicy derefPolicy,
                                            int timeLimit, boolean typesOnly, Filter filter, String... attributes)
            throws LDAPSearchException {
        return server.searchForEntry(baseDN, scope, derefPolicy, timeLimit, typesOnly, filter, attributes);
    }

    @Override
    public SearchResultEntry searchForEntry(SearchRequest request) throws LDAPSearchException {
        return server.searchForEntry(request);
    }

    @Override
    public SearchResultEntry searchForEntry(ReadOnlySearchRequest request) throws LDAPSearchException {
        return server.searchForEntry(request);
    }
}
