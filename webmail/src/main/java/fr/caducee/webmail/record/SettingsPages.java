package fr.caducee.webmail.record;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.rules.Rule;
import fr.caducee.webmail.mail.PageAudit;
import fr.caducee.webmail.mail.Refusal;
import fr.caducee.webmail.mail.Who;
import fr.caducee.webmail.port.PatientRecord;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.Pages;
import fr.caducee.webmail.web.Services;
import fr.caducee.webmail.web.WebRefusal;
import fr.caducee.webmail.web.WebRequest;

/**
 * The patient's settings: emergency access to the record, professionals blocked from it (the record API applies both
 * to every professional's read), and the personal address that notices go to. Each change is audited and answered by
 * a redirection to the settings with a sentence saying what changed; a form that cannot be read is answered by the
 * settings page again, with the sentence at the top and what was typed kept.
 */
public final class SettingsPages implements Pages {
    static final String PATH = "/reglages";
    static final String EMERGENCY = PATH + "/urgence";
    static final String BLOCK = PATH + "/bloquer";
    static final String UNBLOCK = PATH + "/debloquer";
    static final String NOTIFICATIONS = PATH + "/notifications";

    private final Services services;
    private final PageAudit audit;

    public SettingsPages(Services services) {
        this.services = services;
        this.audit = new PageAudit(services.audit(), services.clock());
    }

    @Override
    public Optional<Answer> answer(WebRequest request) {
        String path = request.path();
        if (path.equals(PATH)) {
            return request.isGet() ? Optional.of(page(request, 200, Map.of(), null)) : Optional.empty();
        }
        if (!request.isPost() || !List.of(EMERGENCY, BLOCK, UNBLOCK, NOTIFICATIONS).contains(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(switch (path) {
                case EMERGENCY -> emergency(request);
                case BLOCK -> block(request);
                case UNBLOCK -> unblock(request);
                default -> notifications(request);
            });
        } catch (WebRefusal refusal) {
            audit.refusal(request, refusal);
            Map<String, String> kept = new HashMap<>();
            request.field("idnat").ifPresent(value -> kept.put("idnat", value));
            request.field("adresse").ifPresent(value -> kept.put("adresse", value));
            return Optional.of(page(request, refusal.status(), kept, Refusal.of(refusal)));
        }
    }

    private Answer emergency(WebRequest request) throws WebRefusal {
        String choice = request.field("autoriser").orElse("");
        if (!choice.equals("oui") && !choice.equals("non")) {
            throw invalid("Choisissez « Oui » ou « Non » pour l'accès en urgence, puis enregistrez.");
        }
        boolean allowed = choice.equals("oui");
        services.record().allowEmergencyAccess(request.viewer(), allowed);
        audit.action(request, Rule.WEBMAIL_SETTINGS_CHANGED, allowed ? "emergency access allowed" : "emergency access refused");
        return new Answer.Redirect(PATH, allowed
            ? "L'accès en urgence au dossier est autorisé."
            : "L'accès en urgence au dossier est refusé : en urgence, les professionnels ne pourront pas le consulter.");
    }

    private Answer block(WebRequest request) throws WebRefusal {
        IdNat professional = typedIdNat(request.field("idnat").orElse(""));
        if (!services.record().block(request.viewer(), professional)) {
            throw invalid("Aucun professionnel de santé n'a le numéro " + professional.number() + " dans l'annuaire : "
                + "vérifiez le numéro (il figure sur ses ordonnances et ses courriers).");
        }
        audit.action(request, Rule.WEBMAIL_SETTINGS_CHANGED, "blocked " + professional.value());
        return new Answer.Redirect(PATH, "Blocage enregistré : " + name(request, professional)
            + " ne peut plus consulter le dossier.");
    }

    private Answer unblock(WebRequest request) throws WebRefusal {
        IdNat professional;
        try {
            professional = IdNat.parse(request.field("idnat").orElse(""));
        } catch (InvalidIdentifierException e) {
            throw invalid("Le professionnel à débloquer n'est pas lisible : rechargez la page des réglages.");
        }
        String name = name(request, professional);
        services.record().unblock(request.viewer(), professional);
        audit.action(request, Rule.WEBMAIL_SETTINGS_CHANGED, "unblocked " + professional.value());
        return new Answer.Redirect(PATH, "Blocage levé : " + name + " peut de nouveau consulter le dossier, "
            + "dans le cadre de vos soins.");
    }

    private Answer notifications(WebRequest request) throws WebRefusal {
        String typed = request.field("adresse")
            .orElseThrow(() -> invalid("Le formulaire de l'adresse de notification n'est pas lisible : rechargez la page."));
        String box = request.viewer().boxAddress().toLowerCase(Locale.ROOT);
        if (typed.isBlank()) {
            services.preferences().setNotifyAddress(box, Optional.empty());
            audit.action(request, Rule.WEBMAIL_SETTINGS_CHANGED, "notification address removed");
            return new Answer.Redirect(PATH, "Vous ne recevrez plus d'avis par e-mail.");
        }
        String address = NotifyAddress.parse(typed).orElseThrow(() -> invalid("« " + typed.strip() + " » n'est pas une "
            + "adresse e-mail valide : écrivez-la sous la forme nom@exemple.fr, sans espace ni accent."));
        services.preferences().setNotifyAddress(box, Optional.of(address));
        audit.action(request, Rule.WEBMAIL_SETTINGS_CHANGED, "notification address set");
        return new Answer.Redirect(PATH, "Les avis seront envoyés à " + address + ".");
    }

    /**
     * The number as a patient types it: the idNat ({@code 8} + RPPS, {@code 0} + ADELI), or the bare RPPS (11 digits)
     * or ADELI (9 digits) number printed on prescriptions; spaces ignored.
     */
    static IdNat typedIdNat(String typed) throws WebRefusal {
        String digits = typed.replaceAll("[\\s.\\-]", "");
        try {
            return switch (digits.length()) {
                case 11 -> IdNat.rpps(digits);
                case 9 -> IdNat.adeli(digits);
                default -> IdNat.parse(digits);
            };
        } catch (InvalidIdentifierException e) {
            throw invalid("« " + typed.strip() + " » n'est pas un numéro RPPS (11 chiffres) ou ADELI (9 chiffres) "
                + "valide : vérifiez-le sur une ordonnance ou un courrier du professionnel.");
        }
    }

    private String name(WebRequest request, IdNat professional) {
        return services.record().choices(request.viewer()).blocked().stream()
            .filter(blocked -> blocked.idNat().equals(professional)).findFirst()
            .map(blocked -> blocked.professional().name())
            .orElse("Le professionnel n° " + professional.number());
    }

    private Answer page(WebRequest request, int status, Map<String, String> kept, Refusal refusal) {
        PatientRecord.Choices choices = services.record().choices(request.viewer());
        String box = request.viewer().boxAddress().toLowerCase(Locale.ROOT);
        Map<String, Object> variables = new HashMap<>();
        variables.put("emergencyAllowed", choices.emergencyAccessAllowed());
        variables.put("blocked", choices.blocked().stream()
            .map(blocked -> new Blocked(blocked.idNat().value(), Who.of(blocked.professional()))).toList());
        variables.put("idnat", kept.getOrDefault("idnat", ""));
        variables.put("notifyAddress", kept.getOrDefault("adresse",
            services.preferences().notifyAddress(box).orElse("")));
        variables.put("representative", request.viewer().representative());
        if (refusal != null) {
            variables.put("refusal", refusal);
        }
        return new Answer.Page(status, "reglages", "Réglages", variables);
    }

    private static WebRefusal invalid(String sentence) {
        return new WebRefusal(Rule.WEBMAIL_FORM_INVALID, sentence);
    }

    /** A blocked professional, with the idNat the "Débloquer" button sends. */
    public record Blocked(String idNat, Who who) {
    }
}
