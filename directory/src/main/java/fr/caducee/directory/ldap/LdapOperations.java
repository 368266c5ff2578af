package fr.caducee.directory.ldap;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultListener;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SearchScope;

import fr.caducee.domain.directory.store.DirectoryRefusal;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;

/**
 * The LDAP operations the store uses, each described by what it was for ({@code "read box a@b.fr"}), so that a
 * failure says which operation failed on which server. Result codes a caller must act on (an entry already there
 * or gone) are returned; the others become a {@link DirectoryRefusal} when the server refused the content, and a
 * {@link DirectoryUnavailableException} otherwise (unreachable, timed out, misconfigured).
 */
final class LdapOperations {

    /**
     * The SDK applies a response timeout to each message of a search, so a scan that streams entries never hits
     * it; this longer one only leaves the server time to find the first entry of a large container.
     */
    static final long SCAN_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(2);
    /** What a connection the server closed while it sat in the pool looks like: worth one more attempt. */
    private static final Set<ResultCode> BROKEN_CONNECTION = Set.of(ResultCode.SERVER_DOWN,
            ResultCode.CONNECT_ERROR, ResultCode.DECODING_ERROR);
    private static final int MAX_DETAIL = 240;
    // The server refused the values themselves: the write's content is at fault, not the server.
    private static final Set<ResultCode> CONTENT_REFUSED = Set.of(ResultCode.CONSTRAINT_VIOLATION,
            ResultCode.INVALID_ATTRIBUTE_SYNTAX, ResultCode.ATTRIBUTE_OR_VALUE_EXISTS, ResultCode.NAMING_VIOLATION,
            ResultCode.NOT_ALLOWED_ON_RDN, ResultCode.INVALID_DN_SYNTAX);

    private final LDAPInterface ldap;
    private final String server;

    LdapOperations(LDAPInterface ldap, String server) {
        this.ldap = ldap;
        this.server = server;
    }

    String server() {
        return server;
    }

    /** The entry with these attributes, or empty when there is none. */
    Optional<Entry> get(String what, DN dn, String... attributes) {
        try {
            return Optional.ofNullable(ldap.getEntry(dn.toString(), attributes));
        } catch (LDAPException e) {
            throw failure(what, e);
        }
    }

    /**
     * The children of {@code base} matching the filter, at most {@code max} (0: no limit of ours). A missing
     * container has no children.
     */
    List<SearchResultEntry> search(String what, DN base, Filter filter, int max, String... attributes) {
        SearchRequest request = new SearchRequest(base.toString(), SearchScope.ONE, filter, attributes);
        request.setSizeLimit(max);
        try {
            return ldap.search(request).getSearchEntries();
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED && max > 0) {
                return e.getSearchEntries();
            }
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return List.of();
            }
            throw failure(what, e);
        }
    }

    /**
     * Streams every child of {@code base} matching the filter to {@code sink}, in the server's order, without
     * holding them: this is how whole containers are counted and listed.
     *
     * <p>No paged-results control: the UnboundID in-memory server rebuilds the whole result for every page (45 s
     * to page through 100,000 entries against 0.7 s for one streamed search), and OpenLDAP applies the account's
     * size limit to paged searches too, so paging would buy nothing there. The search runs on one connection taken
     * from the pool rather than through the pool's retry, so that no retry can replay entries already passed to
     * the sink; a scan that fails on a broken connection is instead started again once, with the sink emptied.
     *
     * @param restart called before each attempt, so that the sink starts empty
     */
    void scan(String what, DN base, Filter filter, Runnable restart, Consumer<SearchResultEntry> sink,
              String... attributes) {
        for (int attempt = 1; ; attempt++) {
            restart.run();
            SearchRequest request = new SearchRequest(listener(sink), base.toString(), SearchScope.ONE, filter,
                    attributes);
            request.setResponseTimeoutMillis(SCAN_TIMEOUT_MILLIS);
            try {
                searchOnOneConnection(request);
                return;
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                    restart.run();
                    return;
                }
                if (attempt == 1 && BROKEN_CONNECTION.contains(e.getResultCode())) {
                    continue;
                }
                throw failure(what, e);
            }
        }
    }

    /** Adds the entry; false when an entry with its DN exists already. */
    boolean add(String what, Entry entry) {
        try {
            ldap.add(entry);
            return true;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.ENTRY_ALREADY_EXISTS) {
                return false;
            }
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                throw new DirectoryUnavailableException("directory " + server + ": cannot " + what + ": "
                        + parentOf(entry) + " does not exist (the directory tree is not initialised)", e);
            }
            throw failure(what, e);
        }
    }

    /** Applies the modify; returns SUCCESS or one of the {@code expected} result codes, and throws for others. */
    ResultCode modify(String what, ModifyRequest request, ResultCode... expected) {
        try {
            return ldap.modify(request).getResultCode();
        } catch (LDAPException e) {
            if (Arrays.asList(expected).contains(e.getResultCode())) {
                return e.getResultCode();
            }
            throw failure(what, e);
        }
    }

    /** Deletes the entry; false when there was none. */
    boolean delete(String what, DN dn) {
        try {
            ldap.delete(dn.toString());
            return true;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return false;
            }
            throw failure(what, e);
        }
    }

    /** The store's exception for a failed operation, naming the operation and, when unavailable, the server. */
    RuntimeException failure(String what, LDAPException e) {
        ResultCode code = e.getResultCode();
        if (code == ResultCode.ENTRY_ALREADY_EXISTS) {
            return new DirectoryRefusal(DirectoryRefusal.Reason.DUPLICATE, what + ": already in the directory");
        }
        if (code == ResultCode.NO_SUCH_OBJECT) {
            return new DirectoryRefusal(DirectoryRefusal.Reason.NOT_FOUND, what + ": not in the directory");
        }
        if (code == ResultCode.NOT_ALLOWED_ON_NONLEAF) {
            return new DirectoryRefusal(DirectoryRefusal.Reason.CONFLICT, what + ": the entry has entries below it");
        }
        if (CONTENT_REFUSED.contains(code)) {
            return new DirectoryRefusal(DirectoryRefusal.Reason.INVALID, "cannot " + what
                    + ": the directory refused the values (" + detail(e) + ")");
        }
        if (code == ResultCode.SIZE_LIMIT_EXCEEDED) {
            return new DirectoryUnavailableException("directory " + server + ": cannot " + what
                    + ": the server's size limit stopped the search; the store's account needs an unlimited size"
                    + " limit (OpenLDAP: limits dn.exact=\"<bind DN>\" size=unlimited)", e);
        }
        return new DirectoryUnavailableException("directory " + server + ": cannot " + what + " (" + detail(e) + ")",
                e);
    }

    private void searchOnOneConnection(SearchRequest request) throws LDAPException {
        if (!(ldap instanceof LDAPConnectionPool pool)) {
            ldap.search(request);
            return;
        }
        LDAPConnection connection = pool.getConnection();
        try {
            connection.search(request);
        } catch (LDAPException e) {
            pool.releaseConnectionAfterException(connection, e);
            throw e;
        }
        pool.releaseConnection(connection);
    }

    private static SearchResultListener listener(Consumer<SearchResultEntry> sink) {
        return new SearchResultListener() {
            private static final long serialVersionUID = 1L;

            @Override
            public void searchEntryReturned(SearchResultEntry entry) {
                sink.accept(entry);
            }

            @Override
            public void searchReferenceReturned(SearchResultReference reference) {
                // Referrals are not followed: the tree lives on one server.
            }
        };
    }

    private static String parentOf(Entry entry) {
        try {
            DN parent = entry.getParsedDN().getParent();
            return parent == null ? "the parent entry" : parent.toString();
        } catch (LDAPException e) {
            return "the parent entry";
        }
    }

    /**
     * Result code name and the server's message on one short line; for a failure on the client side (connection
     * refused, TLS), the root cause, which the SDK's own message buries under nested exception texts.
     */
    static String detail(LDAPException e) {
        String message = e.getDiagnosticMessage();
        if (message == null) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            message = root != e && root.getMessage() != null
                    ? root.getClass().getSimpleName() + ": " + root.getMessage() : e.getMessage();
        }
        String text = e.getResultCode().getName()
                + (message == null || message.isBlank() ? "" : ": " + message.replaceAll("[\\r\\n]+", " ").strip());
        return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "..." : text;
    }
}
