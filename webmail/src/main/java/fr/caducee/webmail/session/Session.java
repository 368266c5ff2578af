package fr.caducee.webmail.session;

import java.util.List;
import java.util.Objects;

import fr.caducee.webmail.login.LoginInProgress;

/**
 * A session, kept in memory only ({@link Sessions} holds them by a digest of their cookie, never the cookie itself).
 * Either a login in progress (pending: the password checked, the second factor not yet) or an open session of a
 * patient. Small on purpose: the patient's record, names and representations are asked of the directory (cached) at
 * each request rather than copied here, so that a suspended box or a representation withdrawn takes effect at once.
 */
public final class Session {
    final Sessions.Key key;
    private final long auditId;
    private final String csrf;
    private final long agent;
    private final String remote;
    private final long created;
    private final String patient;
    private final LoginInProgress login;
    private volatile long lastSeen;
    private volatile String box;
    private volatile String notice;
    private volatile List<String> recoveryCodes;

    Session(Sessions.Key key, long auditId, String csrf, Binding binding, long created, String patient,
            LoginInProgress login) {
        this.key = key;
        this.auditId = auditId;
        this.csrf = Objects.requireNonNull(csrf, "csrf");
        this.agent = binding.agent();
        this.remote = binding.remote();
        this.created = created;
        this.lastSeen = created;
        this.patient = Objects.requireNonNull(patient, "patient");
        this.box = patient;
        this.login = login;
    }

    /** True for an open session; false while the login is in progress. */
    public boolean open() {
        return login == null;
    }

    /** The login in progress of a pending session. */
    public LoginInProgress login() {
        if (login == null) {
            throw new IllegalStateException("an open session has no login in progress");
        }
        return login;
    }

    /** The session as the audit trail names it: not the cookie, nothing that would let one use it. */
    public String auditId() {
        return Long.toHexString(auditId);
    }

    /** The token every form of this session carries. */
    public String csrf() {
        return csrf;
    }

    /** The patient who logged in: their box address. */
    public String patient() {
        return patient;
    }

    /** The box open: the patient's own, or a child's they represent. */
    public String box() {
        return box;
    }

    public void box(String address) {
        this.box = Objects.requireNonNull(address, "address");
    }

    /** A sentence to show once, on the next page. */
    public void notice(String sentence) {
        this.notice = sentence;
    }

    /** The sentence to show on this page, forgotten once taken. */
    public String takeNotice() {
        String taken = notice;
        notice = null;
        return taken;
    }

    void recoveryCodes(List<String> codes) {
        this.recoveryCodes = codes == null ? null : List.copyOf(codes);
    }

    /** The recovery codes made at this login's enrolment, given once; null when none or already given. */
    public synchronized List<String> takeRecoveryCodes() {
        List<String> taken = recoveryCodes;
        recoveryCodes = null;
        return taken;
    }

    boolean boundTo(Binding binding) {
        return agent == binding.agent() && remote.equals(binding.remote());
    }

    String remote() {
        return remote;
    }

    long created() {
        return created;
    }

    long lastSeen() {
        return lastSeen;
    }

    void seen(long at) {
        lastSeen = at;
    }
}
