package fr.caducee.webmail.port;

import java.util.Objects;

import fr.caducee.domain.model.Patient;

/**
 * Who is at the screen and whose box is open: the patient who logged in, and either their own box or the box of a
 * child they represent (the directory records who represents whom). Every action is audited with {@code login} as
 * the login; a representative does not see documents marked {@code INVISIBLE_REP_LEGAUX}.
 *
 * @param login the patient who logged in, with their password and second factor
 * @param box   the patient whose box is open
 */
public record Viewer(Patient login, Patient box) {

    public Viewer {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(box, "box");
    }

    public static Viewer self(Patient patient) {
        return new Viewer(patient, patient);
    }

    /** True when a representative opened a box other than their own. */
    public boolean representative() {
        return !login.ins().equals(box.ins());
    }

    public String loginAddress() {
        return login.boxAddress().address();
    }

    public String boxAddress() {
        return box.boxAddress().address();
    }
}
