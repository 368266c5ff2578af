package fr.caducee.ldapengine;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.listener.LDAPListenerClientConnection;
import com.unboundid.ldap.listener.LDAPListenerRequestHandler;
import com.unboundid.ldap.protocol.AddRequestProtocolOp;
import com.unboundid.ldap.protocol.AddResponseProtocolOp;
import com.unboundid.ldap.protocol.BindRequestProtocolOp;
import com.unboundid.ldap.protocol.BindResponseProtocolOp;
import com.unboundid.ldap.protocol.CompareRequestProtocolOp;
import com.unboundid.ldap.protocol.CompareResponseProtocolOp;
import com.unboundid.ldap.protocol.DeleteRequestProtocolOp;
import com.unboundid.ldap.protocol.DeleteResponseProtocolOp;
import com.unboundid.ldap.protocol.ExtendedRequestProtocolOp;
import com.unboundid.ldap.protocol.ExtendedResponseProtocolOp;
import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.protocol.ModifyDNRequestProtocolOp;
import com.unboundid.ldap.protocol.ModifyDNResponseProtocolOp;
import com.unboundid.ldap.protocol.ModifyRequestProtocolOp;
import com.unboundid.ldap.protocol.ModifyResponseProtocolOp;
import com.unboundid.ldap.protocol.ProtocolOp;
import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.protocol.SearchResultDoneProtocolOp;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldif.LDIFChangeRecord;

/**
 * What LDAP clients on the listener may do with the {@link EntryStore}; one instance per connection. Writes go
 * through {@link DurableWrites} like in-process ones. Only the configured administrator may bind (other entries
 * hold password hashes, not passwords), and only once bound as the administrator may a client write or, when an
 * administrator is configured, read (the root DSE excepted). Without an administrator the listener is read-only.
 * Extended operations other than Who Am I are refused: password modify and transactions would write around the
 * journal. Size limits asked for by clients are honoured; time limits are not (searches run in memory).
 */
final class ListenerRequestHandler extends LDAPListenerRequestHandler {

    private static final String WHO_AM_I = "1.3.6.1.4.1.4203.1.11.3";
    private static final String READ_REFUSAL = "Reads need the directory administrator's bind";

    private final EntryStore store;
    private final DurableWrites writes;
    private final Optional<DN> admin;
    private final Optional<String> adminPassword;
    private final LDAPListenerClientConnection connection;
    private volatile DN bound;

    ListenerRequestHandler(EntryStore store, DurableWrites writes, Optional<EmbeddedLdapConfig.Admin> admin)
            throws LDAPException {
        this(store, writes, admin.isPresent() ? Optional.of(new DN(admin.get().dn())) : Optional.empty(),
                admin.map(EmbeddedLdapConfig.Admin::password), null);
    }

    private ListenerRequestHandler(EntryStore store, DurableWrites writes, Optional<DN> admin,
                                   Optional<String> adminPassword, LDAPListenerClientConnection connection) {
        this.store = store;
        this.writes = writes;
        this.admin = admin;
        this.adminPassword = adminPassword;
        this.connection = connection;
    }

    @Override
    public LDAPListenerRequestHandler newInstance(LDAPListenerClientConnection clientConnection) {
        return new ListenerRequestHandler(store, writes, admin, adminPassword, clientConnection);
    }

    @Override
    public LDAPMessage processBindRequest(int messageID, BindRequestProtocolOp request, List<Control> controls) {
        bound = null;
        boolean simple = request.getCredentialsType() == BindRequestProtocolOp.CRED_TYPE_SIMPLE;
        String password = simple ? request.getSimplePassword().stringValue() : "";
        if (simple && request.getBindDN().isEmpty() && password.isEmpty()) {
            return new LDAPMessage(messageID, new BindResponseProtocolOp(ResultCode.SUCCESS_INT_VALUE, null, null,
                    null, null));
        }
        if (!simple || !isAdmin(request.getBindDN())) {
            return new LDAPMessage(messageID, new BindResponseProtocolOp(ResultCode.INVALID_CREDENTIALS_INT_VALUE,
                    null, "Only the directory administrator may bind to this listener", null, null));
        }
        if (!adminPassword.get().equals(password)) {
            return new LDAPMessage(messageID, new BindResponseProtocolOp(ResultCode.INVALID_CREDENTIALS_INT_VALUE,
                    null, "Invalid credentials", null, null));
        }
        bound = admin.get();
        return new LDAPMessage(messageID, new BindResponseProtocolOp(ResultCode.SUCCESS_INT_VALUE, null, null, null,
                null));
    }

    @Override
    public LDAPMessage processSearchRequest(int messageID, SearchRequestProtocolOp request, List<Control> controls) {
        boolean rootDse = request.getBaseDN().isEmpty() && request.getScope() == SearchScope.BASE;
        if (!rootDse && !mayRead()) {
            return refused(messageID, SearchResultDoneProtocolOp::new, READ_REFUSAL);
        }
        LDAPException[] sendFailure = new LDAPException[1];
        try {
            EntryStore.Outcome outcome = store.search(request.getBaseDN(), request.getScope(), request.getFilter(),
                    request.getSizeLimit(), request.getAttributes(), request.typesOnly(), entry -> {
                        if (sendFailure[0] == null) {
                            try {
                                connection.sendSearchResultEntry(messageID, entry);
                            } catch (LDAPException e) {
                                sendFailure[0] = e;
                            }
                        }
                    });
            if (sendFailure[0] != null) {
                throw sendFailure[0];
            }
            return new LDAPMessage(messageID, new SearchResultDoneProtocolOp(outcome.code().intValue(), null,
                    outcome.code() == ResultCode.SUCCESS ? null : "The size limit was exceeded", null));
        } catch (LDAPException e) {
            return failed(messageID, SearchResultDoneProtocolOp::new, e);
        }
    }

    @Override
    public LDAPMessage processCompareRequest(int messageID, CompareRequestProtocolOp request, List<Control> controls) {
        if (!mayRead()) {
            return refused(messageID, CompareResponseProtocolOp::new, READ_REFUSAL);
        }
        try {
            Entry entry = store.get(request.getDN());
            if (entry == null) {
                throw EntryStore.refusal(ResultCode.NO_SUCH_OBJECT, "Entry " + request.getDN() + " does not exist");
            }
            boolean matches = Filter.createEqualityFilter(request.getAttributeName(),
                    request.getAssertionValue().getValue()).matchesEntry(entry, store.schema());
            return new LDAPMessage(messageID, new CompareResponseProtocolOp(
                    (matches ? ResultCode.COMPARE_TRUE : ResultCode.COMPARE_FALSE).intValue(), null, null, null));
        } catch (LDAPException e) {
            return failed(messageID, CompareResponseProtocolOp::new, e);
        }
    }

    @Override
    public LDAPMessage processAddRequest(int messageID, AddRequestProtocolOp request, List<Control> controls) {
        return write(messageID, AddResponseProtocolOp::new, () -> store.add(request.toAddRequest(array(controls))),
                () -> ChangeRecords.add(request.toAddRequest(array(controls))));
    }

    @Override
    public LDAPMessage processModifyRequest(int messageID, ModifyRequestProtocolOp request, List<Control> controls) {
        return write(messageID, ModifyResponseProtocolOp::new,
                () -> store.modify(request.toModifyRequest(array(controls))),
                () -> ChangeRecords.modify(request.toModifyRequest(array(controls))));
    }

    @Override
    public LDAPMessage processDeleteRequest(int messageID, DeleteRequestProtocolOp request, List<Control> controls) {
        return write(messageID, DeleteResponseProtocolOp::new,
                () -> store.delete(request.toDeleteRequest(array(controls))),
                () -> ChangeRecords.delete(request.toDeleteRequest(array(controls))));
    }

    @Override
    public LDAPMessage processModifyDNRequest(int messageID, ModifyDNRequestProtocolOp request,
                                              List<Control> controls) {
        return write(messageID, ModifyDNResponseProtocolOp::new,
                () -> store.modifyDN(request.toModifyDNRequest(array(controls))),
                () -> ChangeRecords.modifyDN(request.toModifyDNRequest(array(controls))));
    }

    @Override
    public LDAPMessage processExtendedRequest(int messageID, ExtendedRequestProtocolOp request,
                                              List<Control> controls) {
        if (!WHO_AM_I.equals(request.getOID())) {
            return new LDAPMessage(messageID, new ExtendedResponseProtocolOp(
                    ResultCode.UNWILLING_TO_PERFORM_INT_VALUE, null,
                    "Extended operation " + request.getOID() + " is not available on this listener", null, null,
                    null));
        }
        DN who = bound;
        return new LDAPMessage(messageID, new ExtendedResponseProtocolOp(ResultCode.SUCCESS_INT_VALUE, null, null,
                null, null, new ASN1OctetString(who == null ? "" : "dn:" + who)));
    }

    /** Builds a response protocol op of the right type: (result code, matched DN, message, referrals). */
    @FunctionalInterface
    private interface Response {
        ProtocolOp of(int resultCode, String matchedDN, String message, List<String> referrals);
    }

    private LDAPMessage write(int messageID, Response response, DurableWrites.Operation<LDAPResult> operation,
                              Supplier<LDIFChangeRecord> change) {
        if (!boundAsAdmin()) {
            return refused(messageID, response, "Writes need the directory administrator's bind");
        }
        try {
            LDAPResult result = writes.write(operation, r -> r.getResultCode() == ResultCode.SUCCESS, change);
            return new LDAPMessage(messageID, response.of(result.getResultCode().intValue(), null,
                    result.getDiagnosticMessage(), null));
        } catch (LDAPException e) {
            return failed(messageID, response, e);
        }
    }

    private boolean mayRead() {
        return admin.isEmpty() || boundAsAdmin();
    }

    private boolean boundAsAdmin() {
        DN who = bound;
        return admin.isPresent() && who != null && admin.get().equals(who);
    }

    private boolean isAdmin(String dn) {
        try {
            return admin.isPresent() && admin.get().equals(new DN(dn));
        } catch (LDAPException e) {
            return false;
        }
    }

    private static LDAPMessage failed(int messageID, Response response, LDAPException e) {
        return new LDAPMessage(messageID, response.of(e.getResultCode().intValue(), e.getMatchedDN(),
                e.getDiagnosticMessage(), null));
    }

    private static LDAPMessage refused(int messageID, Response response, String message) {
        return new LDAPMessage(messageID,
                response.of(ResultCode.INSUFFICIENT_ACCESS_RIGHTS_INT_VALUE, null, message, null));
    }

    private static Control[] array(List<Control> controls) {
        return controls.toArray(new Control[0]);
    }
}
