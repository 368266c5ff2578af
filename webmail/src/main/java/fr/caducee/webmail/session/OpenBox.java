package fr.caducee.webmail.session;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import fr.caducee.audit.AuditTrail;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.Patient;
import fr.caducee.rules.Rule;
import fr.caducee.webmail.port.PatientAccounts;
import fr.caducee.webmail.port.Viewer;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.Form;
import fr.caducee.webmail.web.WebAudit;
import fr.caducee.webmail.web.WebRefusal;

/**
 * Which box a session shows: the patient's own, or the box of a child the directory records them as the legal
 * representative of ({@code /boites}). Checked again at every request against the directory (its cache makes that
 * cheap), so that a representation withdrawn, or a box suspended, takes effect at the next click.
 */
public final class OpenBox {
    public static final String PATH = "/boites";

    private final PatientAccounts accounts;
    private final AuditTrail audit;
    private final Clock clock;

    public OpenBox(PatientAccounts accounts, AuditTrail audit, Clock clock) {
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /** A session's viewer, and the patients its login represents (the other boxes they may open). */
    public record Opened(Viewer viewer, List<Patient> represented) {
        public Opened {
            represented = List.copyOf(represented);
        }
    }

    /** One box the page offers. */
    public record Choice(String ins, String name, boolean own, boolean current) {
    }

    /**
     * Who is at the screen and which box is open, as the directory says now; empty when the patient's own box is no
     * longer active (the session must end).
     *
     * @throws WebRefusal when the child's box is no longer one the patient may open: the session goes back to the
     *                    patient's own box
     */
    public Optional<Opened> opened(Session session) throws WebRefusal {
        Optional<Patient> login = accounts.patient(BoxAddress.parse(session.patient())).filter(Patient::isActive);
        if (login.isEmpty()) {
            return Optional.empty();
        }
        List<Patient> represented = accounts.represented(login.get());
        if (session.box().equals(session.patient())) {
            return Optional.of(new Opened(Viewer.self(login.get()), represented));
        }
        Optional<Patient> child = represented.stream().filter(Patient::isActive)
            .filter(patient -> patient.boxAddress().address().equals(session.box())).findFirst();
        if (child.isEmpty()) {
            session.box(session.patient());
            throw new WebRefusal(Rule.WEBMAIL_NOT_REPRESENTATIVE, "Vous ne pouvez plus consulter cette boîte : "
                + "l'annuaire ne vous enregistre plus comme représentant légal de ce patient. Vous êtes revenu à "
                + "votre propre boîte.", session.patient());
        }
        return Optional.of(new Opened(new Viewer(login.get(), child.get()), represented));
    }

    /** GET /boites: the boxes the patient may open. */
    public Answer page(Opened opened) {
        Viewer viewer = opened.viewer();
        List<Choice> choices = new ArrayList<>();
        choices.add(new Choice(viewer.login().ins().matricule(), name(viewer.login()) + " (vous)", true,
            !viewer.representative()));
        for (Patient child : opened.represented()) {
            if (child.isActive()) {
                choices.add(new Choice(child.ins().matricule(), name(child), false,
                    child.ins().equals(viewer.box().ins())));
            }
        }
        return Answer.Page.ok("boites", "Choisir la boîte à consulter", Map.of("choices", choices));
    }

    /** POST /boites: opens the box of the INS chosen, the patient's own or a child's. */
    public Answer open(Opened opened, Form form, Session session, String remote) throws WebRefusal {
        String chosen = form.one("ins").strip();
        Patient login = opened.viewer().login();
        if (chosen.equalsIgnoreCase(login.ins().matricule())) {
            session.box(login.boxAddress().address());
            return new Answer.Redirect("/conversations", "Vous consultez votre propre boîte.");
        }
        Optional<Patient> child = Ins.isValid(chosen) ? opened.represented().stream().filter(Patient::isActive)
            .filter(patient -> patient.ins().equals(Ins.parse(chosen))).findFirst() : Optional.empty();
        if (child.isEmpty()) {
            throw new WebRefusal(Rule.WEBMAIL_NOT_REPRESENTATIVE, "L'annuaire ne vous enregistre pas comme "
                + "représentant légal de ce patient : vous ne pouvez pas ouvrir sa boîte. Si c'est une erreur, "
                + "adressez-vous à l'établissement qui a ouvert sa messagerie.");
        }
        String box = child.get().boxAddress().address();
        audit.append(WebAudit.of(Rule.WEBMAIL_BOX_OPENED, clock).login(login.boxAddress().address())
            .reason("opened the box " + box + " as legal representative").session(session.auditId())
            .remote(remote).build());
        session.box(box);
        return new Answer.Redirect("/conversations", "Vous consultez maintenant la boîte de " + name(child.get())
            + ".");
    }

    /** "Paul Durand", as pages name a patient. */
    public static String name(Patient patient) {
        return patient.firstName().isEmpty() ? patient.lastName() : patient.firstName() + " " + patient.lastName();
    }
}
