package fr.caducee.directory.ldap;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.unboundid.ldap.listener.InMemoryRequestHandler;
import com.unboundid.ldap.listener.LDAPListenerClientConnection;
import com.unboundid.ldap.listener.LDAPListenerRequestHandler;
import com.unboundid.ldap.protocol.AbandonRequestProtocolOp;
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
import com.unboundid.ldap.protocol.GenericResponseProtocolOp;
import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.protocol.ModifyDNRequestProtocolOp;
import com.unboundid.ldap.protocol.ModifyDNResponseProtocolOp;
import com.unboundid.ldap.protocol.ModifyRequestProtocolOp;
import com.unboundid.ldap.protocol.ModifyResponseProtocolOp;
import com.unboundid.ldap.protocol.ProtocolOp;
import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.protocol.SearchResultDoneProtocolOp;
import com.unboundid.ldap.protocol.UnbindRequestProtocolOp;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldif.LDIFChangeRecord;

/**
 * What LDAP clients on the listener may do, in front of the in-memory server's own per-connection handler.
 * Writes go through {@link DurableWrites} like in-process ones. Only the configured administrator may bind (other
 * entries hold password hashes, which the in-memory server would compare as plain text), and only once bound as
 * the administrator may a client write or, when an administrator is configured, read. Without an administrator
 * the listener is read-only. Extended operations other than Who Am I are refused: password modify and
 * transactions would write around the journal.
 */
final class ListenerRequestHandler extends LDAPListenerRequestHandler {

    private static final String WHO_AM_I = "1.3.6.1.4.1.4203.1.11.3";
    private static final String READ_REFUSAL = "Reads need the directory administrator's bind";

    private final InMemoryRequestHandler delegate;
    private final DurableWrites writes;
    private final Optional<DN> admin;

    ListenerRequestHandler(InMemoryRequestHandler delegate, DurableWrites writes, Optional<DN> admin) {
        this.delegate = delegate;
        this.writes = writes;
        this.admin = admin;
    }

    @Override
    public LDAPListenerRequestHandler newInstance(LDAPListenerClientConnection connection) throws LDAPException {
        return new ListenerRequestHandler(delegate.newInstance(connection), writes, admin);
    }

    @Override
    public void closeInstance() {
        delegate.closeInstance();
    }

    @Override
    public LDAPMessage processBindRequest(int messageID, BindRequestProtocolOp request, List<Control> controls) {
        boolean simple = request.getCredentialsType() == BindRequestProtocolOp.CRED_TYPE_SIMPLE;
        if (!simple || !(request.getBindDN().isEmpty() || isAdmin(request.getBindDN()))) {
            return new LDAPMessage(messageID, new BindResponseProtocolOp(ResultCode.INVALID_CREDENTIALS_INT_VALUE,
                    null, "Only the directory administrator may bind to this listener", null, null));
        }
        return delegate.processBindRequest(messageID, request, controls);
    }

    @Override
    public LDAPMessage processSearchRequest(int messageID, SearchRequestProtocolOp request, List<Control> controls) {
        boolean rootDse = request.getBaseDN().isEmpty() && request.getScope() == SearchScope.BASE;
        if (!rootDse && !mayRead()) {
            return refused(messageID, SearchResultDoneProtocolOp::new, READ_REFUSAL);
        }
        return delegate.processSearchRequest(messageID, request, controls);
    }

    @Override
    public LDAPMessage processCompareRequest(int messageID, CompareRequestProtocolOp request, List<Control> controls) {
        if (!mayRead()) {
            return refused(messageID, CompareResponseProtocolOp::new, READ_REFUSAL);
        }
        return delegate.processCompareRequest(messageID, request, controls);
    }

    @Override
    public LDAPMessage processAddRequest(int messageID, AddRequestProtocolOp request, List<Control> controls) {
        return write(messageID, AddResponseProtocolOp::new,
                () -> delegate.processAddRequest(messageID, request, controls),
                () -> ChangeRecords.add(request.toAddRequest(array(controls))));
    }

    @Override
    public LDAPMessage processModifyRequest(int messageID, ModifyRequestProtocolOp request, List<Control> controls) {
        return write(messageID, ModifyResponseProtocolOp::new,
                () -> delegate.processModifyRequest(messageID, request, controls),
                () -> ChangeRecords.modify(request.toModifyRequest(array(controls))));
    }

    @Override
    public LDAPMessage processDeleteRequest(int messageID, DeleteRequestProtocolOp request, List<Control> controls) {
        return write(messageID, DeleteResponseProtocolOp::new,
                () -> delegate.processDeleteRequest(messageID, request, controls),
                () -> ChangeRecords.delete(request.toDeleteRequest(array(controls))));
    }

    @Override
    public LDAPMessage processModifyDNRequest(int messageID, ModifyDNRequestProtocolOp request,
                                              List<Control> controls) {
        return write(messageID, ModifyDNResponseProtocolOp::new,
                () -> delegate.processModifyDNRequest(messageID, request, controls),
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
        return delegate.processExtendedRequest(messageID, request, controls);
    }

    @Override
    public void processAbandonRequest(int messageID, AbandonRequestProtocolOp request, List<Control> controls) {
        delegate.processAbandonRequest(messageID, request, controls);
    }

    @Override
    public void processUnbindRequest(int messageID, UnbindRequestProtocolOp request, List<Control> controls) {
        delegate.processUnbindRequest(messageID, request, controls);
    }

    /** Builds a response protocol op of the right type: (result code, matched DN, message, referrals). */
    @FunctionalInterface
    private interface Response {
        ProtocolOp of(int resultCode, String matchedDN, String message, List<String> referrals);
    }

    private LDAPMessage write(int messageID, Response response, DurableWrites.Operation<LDAPMessage> operation,
                              Supplier<LDIFChangeRecord> change) {
        if (!boundAsAdmin()) {
            return refused(messageID, response, "Writes need the directory administrator's bind");
        }
        try {
            return writes.write(operation, ListenerRequestHandler::succeeded, change);
        } catch (LDAPException e) {
            return new LDAPMessage(messageID,
                    response.of(e.getResultCode().intValue(), null, e.getDiagnosticMessage(), null));
        }
    }

    private static boolean succeeded(LDAPMessage message) {
        return ((GenericResponseProtocolOp) message.getProtocolOp()).getResultCode() == ResultCode.SUCCESS_INT_VALUE;
    }

    private boolean mayRead() {
        return admin.isEmpty() || boundAsAdmin();
    }

    private boolean boundAsAdmin() {
        DN bound = delegate.getAuthenticatedDN();
        return admin.isPresent() && bound != null && admin.get().equals(bound);
    }

    private boolean isAdmin(String dn) {
        try {
            return admin.isPresent() && admin.get().equals(new DN(dn));
        } catch (LDAPException e) {
            return false;
        }
    }

    private static LDAPMessage refused(int messageID, Response response, String message) {
        return new LDAPMessage(messageID,
                response.of(ResultCode.INSUFFICIENT_ACCESS_RIGHTS_INT_VALUE, null, message, null));
    }

    private static Control[] array(List<Control> controls) {
        return controls.toArray(new Control[0]);
    }
}
