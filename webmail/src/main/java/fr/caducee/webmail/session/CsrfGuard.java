package fr.caducee.webmail.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import fr.caducee.rules.Rule;
import fr.caducee.webmail.web.Form;
import fr.caducee.webmail.web.WebRefusal;

/**
 * Refuses forms another site makes a patient's browser post (cross-site request forgery), before anything is done:
 * every form carries the session's token in the hidden field {@code csrf}, compared in constant time; the browser's
 * own word is checked too when it gives it: {@code Origin} must be the webmail's origin, {@code Sec-Fetch-Site}
 * {@code same-origin} (or {@code none}, a request the person made themselves). The login form, posted before any
 * session exists, carries a token derived from the browser's cookie with a key drawn at start (HMAC-SHA-256), so
 * that another site cannot log a patient's browser into an account of its choosing either.
 */
public final class CsrfGuard {
    public static final String FIELD = "csrf";
    private static final String HMAC = "HmacSHA256";

    private final String origin;
    private final byte[] key = new byte[32];

    public CsrfGuard(String origin) {
        this.origin = origin;
        new SecureRandom().nextBytes(key);
    }

    /** The token of the login form for a browser with this cookie. */
    public String loginToken(String cookie) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            byte[] token = mac.doFinal(("login form\0" + cookie).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Checks where a POST comes from, as the browser says it.
     *
     * @param login the patient at the screen, for the audit trail; null when none
     */
    public void checkSource(String originHeader, String fetchSite, String login) throws WebRefusal {
        if (originHeader != null && !originHeader.equals(origin)) {
            throw forged(login);
        }
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            throw forged(login);
        }
    }

    /** Checks the form's token against the expected one. */
    public void checkToken(String expected, Form form, String login) throws WebRefusal {
        Optional<String> given;
        try {
            given = form.optional(FIELD);
        } catch (WebRefusal repeated) {
            throw forged(login);
        }
        if (expected == null || given.isEmpty() || !MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), given.get().getBytes(StandardCharsets.US_ASCII))) {
            throw forged(login);
        }
    }

    private static WebRefusal forged(String login) {
        return new WebRefusal(Rule.WEBMAIL_FORGED_REQUEST, "Ce formulaire a été refusé : il ne vient pas d'une page "
            + "de la messagerie ouverte dans ce navigateur, ou la page était trop ancienne. Rien n'a été modifié. "
            + "Revenez à la page, rechargez-la et recommencez.", login);
    }
}
