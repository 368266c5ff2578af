package fr.caducee.webmail.port;

import java.util.Optional;

/**
 * The personal address (outside the trust space) where the patient wants to be told, without any health data, that
 * a message or a document arrived. Kept by the webmail (table {@code webmail_account}); read by the server's notice
 * relay.
 */
public interface PatientPreferences {

    /** The patient's notification address, by their box address (lower case). */
    Optional<String> notifyAddress(String patient);

    /** Sets it, or removes it when empty. The address is checked by the caller (a plain e-mail address). */
    void setNotifyAddress(String patient, Optional<String> address);
}
