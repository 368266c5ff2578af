package fr.caducee.gateway.admission;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Professional;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.GatewayMessageIds.Purpose;
import fr.caducee.gateway.Peer;
import fr.caducee.gateway.port.SubmissionResult;

/**
 * Decides, for an arrival at the ED, whom to tell and what became of it ({@link EdOutcome}), and writes the mails:
 * the notice to the GP's boxes, the correction when the admission is cancelled, the day's summary to the ED's box.
 *
 * <p>The GP is told through their nominative (PER) boxes only: a shared box (ORG, CAB) is read by others, and the
 * notice names a patient. Every active PER box the GP holds gets the notice; suspended ones are left out. The notice
 * says who arrived, when, where and how to reach the ED, and nothing of why: no diagnosis, no reason for coming (the
 * ED's report follows at discharge, as a document). Texts are French, for French professionals.
 */
public final class EdNotifications {
    private static final Set<AdmissionEvent> ARRIVALS = Set.of(AdmissionEvent.REGISTERED, AdmissionEvent.ADMITTED,
        AdmissionEvent.CHANGED_TO_INPATIENT);
    private static final Locale FRENCH = Locale.FRENCH;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy", FRENCH);
    private static final DateTimeFormatter LONG_DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", FRENCH);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH'h'mm", FRENCH);
    private static final String DOCTOR = "10";

    private final Directory directory;
    private final ZoneId zone;

    /** @param zone the zone times are written in and a day is counted in ({@code caducee.gateway.zone}) */
    public EdNotifications(Directory directory, ZoneId zone) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * True when the admission is an arrival at the hospital's ED: a registration (A04), an admission (A01) or a
     * change to inpatient (A06) whose patient class (PV1-2) is {@code E}, or whose unit is one the hospital declared
     * as its ED. (A06 follows an ED visit: whether the GP was told already is the store's to know, by visit.)
     */
    public static boolean isEdArrival(Peer peer, Admission admission) {
        return ARRIVALS.contains(admission.event())
            && (admission.patientClass().equals("E") || peer.edUnits().contains(admission.unitCode()));
    }

    /**
     * Whom to tell of this arrival: the GP's active PER boxes ({@link EdOutcome#SENT}, one notice each), else why
     * nobody ({@code NO_GP}, {@code GP_UNKNOWN}, {@code GP_NO_BOX}, {@code GP_BOX_SUSPENDED}).
     *
     * @throws DependencyUnavailableException the directory cannot be reached: answer {@code AR}
     */
    public EdDecision arrival(Peer peer, Admission admission) throws DependencyUnavailableException {
        Optional<GpReference> named = admission.gp();
        if (named.isEmpty()) {
            return new EdDecision(EdOutcome.NO_GP, "Aucun médecin traitant dans le message de l'établissement (ni "
                + "ROL ODRP, ni PD1-4).", named, List.of());
        }
        GpReference gp = named.get();
        Optional<Professional> professional;
        List<Box> held;
        try {
            professional = directory.professional(gp.idNat());
            held = professional.isEmpty() ? List.of() : directory.boxesOf(gp.idNat()).stream()
                .filter(box -> box.type() == BoxType.PER && box.professional().equals(Optional.of(gp.idNat())))
                .toList();
        } catch (DirectoryUnavailableException e) {
            throw new DependencyUnavailableException("the directory, looking up the GP " + gp.idNat(), e);
        }
        String who = describe(gp, professional);
        if (professional.isEmpty()) {
            return new EdDecision(EdOutcome.GP_UNKNOWN, "Le médecin traitant indiqué (" + who + ") est absent de "
                + "l'annuaire.", named, List.of());
        }
        if (held.isEmpty()) {
            return new EdDecision(EdOutcome.GP_NO_BOX, "Le médecin traitant (" + who + ") n'a pas de boîte "
                + "personnelle de messagerie sécurisée de santé.", named, List.of());
        }
        List<Box> active = held.stream().filter(Box::isActive).toList();
        if (active.isEmpty()) {
            return new EdDecision(EdOutcome.GP_BOX_SUSPENDED, "La boîte de messagerie sécurisée du médecin traitant ("
                + who + ") est suspendue.", named, List.of());
        }
        List<EdNotice> notices = new ArrayList<>();
        for (Box box : active) {
            notices.add(notice(peer, admission, professional.get(), box.address()));
        }
        return new EdDecision(EdOutcome.SENT, "Avis envoyé au médecin traitant (" + who + ") : "
            + String.join(", ", active.stream().map(box -> box.address().address()).toList()) + ".", named, notices);
    }

    /**
     * The cancellation of an admission (A11): a correction to each box that had the notice; none when no notice
     * left, and the outcome is {@link EdOutcome#CANCELLED} either way.
     *
     * @param notified the boxes the arrival's notice was accepted for
     */
    public EdDecision cancellation(Peer peer, Admission cancellation, List<BoxAddress> notified) {
        List<EdNotice> corrections = notified.stream().map(box -> correction(peer, cancellation, box)).toList();
        String reason = corrections.isEmpty() ? "Admission annulée par l'établissement ; aucun avis n'était parti."
            : "Admission annulée par l'établissement ; rectificatif envoyé à " + String.join(", ",
                notified.stream().map(BoxAddress::address).toList()) + ".";
        return new EdDecision(EdOutcome.CANCELLED, reason, cancellation.gp(), corrections);
    }

    /** The decision once the chain refused every notice: {@link EdOutcome#REFUSED}, the chain's words kept. */
    public static EdDecision refused(EdDecision decision, SubmissionResult.Refused refusal) {
        return new EdDecision(EdOutcome.REFUSED, "L'avis au médecin traitant a été refusé par la messagerie ("
            + refusal.reply() + " " + refusal.ruleId() + " : " + refusal.sentence() + ").", decision.gp(), List.of());
    }

    /** The arrival as the day's summary counts it. */
    public static EdArrival arrival(Admission admission, EdDecision decision) {
        return new EdArrival(admission.visitId(), admission.arrivedAt(), admission.department(),
            patientName(admission.patient()), admission.patient().birthDate(),
            decision.gp().map(GpReference::displayName).orElse(""), decision.outcome(), decision.reason());
    }

    /**
     * The summary of a day's arrivals for the ED's ORG box: how many patients were seen, the share whose GP was told,
     * and each of the others with the reason; empty when the hospital declared no ED box.
     */
    public Optional<EdNotice> summary(Peer peer, LocalDate day, List<EdArrival> arrivals) {
        if (peer.edBox().isEmpty()) {
            return Optional.empty();
        }
        List<EdArrival> seen = arrivals.stream().filter(a -> a.outcome() != EdOutcome.CANCELLED)
            .sorted(Comparator.comparing(EdArrival::arrivedAt)).toList();
        List<EdArrival> cancelled = arrivals.stream().filter(a -> a.outcome() == EdOutcome.CANCELLED)
            .sorted(Comparator.comparing(EdArrival::arrivedAt)).toList();
        long told = seen.stream().filter(a -> a.outcome() == EdOutcome.SENT).count();
        String hospital = hospital(peer);
        String subject = "Urgences " + hospital + " : bilan du " + DAY.format(day) + " – médecin traitant prévenu pour "
            + told + " patient" + plural(told) + " sur " + seen.size();
        StringBuilder body = new StringBuilder();
        body.append("Bilan des arrivées aux urgences ").append(of(hospital)).append(" le ").append(LONG_DAY.format(day))
            .append(" (").append(zoneName()).append(").\n\n");
        body.append("Patients vus : ").append(seen.size()).append('\n');
        body.append("Médecin traitant prévenu par messagerie sécurisée : ").append(told);
        if (!seen.isEmpty()) {
            body.append(" (").append(Math.round(100.0 * told / seen.size())).append(" %)");
        }
        body.append('\n');
        Map<EdOutcome, Long> counts = new EnumMap<>(EdOutcome.class);
        seen.stream().filter(a -> a.outcome() != EdOutcome.SENT).forEach(a -> counts.merge(a.outcome(), 1L, Long::sum));
        if (!counts.isEmpty()) {
            body.append("Non prévenu : ").append(seen.size() - told).append('\n');
            counts.forEach((outcome, count) -> body.append("  - ").append(label(outcome)).append(" : ").append(count)
                .append('\n'));
        }
        if (!cancelled.isEmpty()) {
            body.append("Admissions annulées : ").append(cancelled.size()).append('\n');
        }
        List<EdArrival> untold = seen.stream().filter(a -> a.outcome() != EdOutcome.SENT).toList();
        if (!untold.isEmpty()) {
            body.append("\nPatients dont le médecin traitant n'a pas été prévenu :\n");
            untold.forEach(a -> body.append(line(a)));
        }
        if (!cancelled.isEmpty()) {
            body.append("\nAdmissions annulées :\n");
            cancelled.forEach(a -> body.append(line(a)));
        }
        body.append("\nCe bilan ne contient ni diagnostic ni motif de venue. Le médecin traitant n'est prévenu que s'il "
            + "est indiqué dans le dossier du patient (ROL ODRP ou PD1-4) et qu'il a une boîte personnelle de "
            + "messagerie sécurisée de santé active : le compléter au dossier permet de le prévenir la prochaine "
            + "fois.\n");
        body.append("\n-- \nBilan automatique de la passerelle de messagerie sécurisée de santé ").append(of(hospital))
            .append(".\n");
        return Optional.of(new EdNotice(Purpose.ED_SUMMARY, peer.box(), peer.edBox().get(), Optional.empty(), subject,
            body.toString()));
    }

    /** "Dominique PAT-TROIS": the given name as a person writes it, the family name as the hospital wrote it. */
    public static String patientName(PatientTraits patient) {
        return (capitalised(patient.given()) + " " + patient.family()).strip();
    }

    private EdNotice notice(Peer peer, Admission admission, Professional gp, BoxAddress box) {
        Words words = Words.of(admission.patient().sex());
        String hospital = hospital(peer);
        String name = patientName(admission.patient());
        String subject = "Urgences " + hospital + " : votre " + words.patient + " " + name;
        StringBuilder body = new StringBuilder();
        body.append(greeting(gp)).append("\n\n");
        body.append("Votre ").append(words.patient).append(' ').append(name).append(born(admission.patient(), words))
            .append(", est ").append(words.arrived).append(" aux urgences ").append(of(hospital));
        if (!admission.department().isEmpty()) {
            body.append(" (").append(admission.department()).append(')');
        }
        body.append(" le ").append(when(admission.arrivedAt())).append(".\n\n");
        if (!peer.edContact().isEmpty()) {
            body.append("Pour joindre les urgences : ").append(peer.edContact()).append('\n');
        }
        body.append("Référence du passage à rappeler : ").append(admission.visitId()).append("\n\n");
        body.append("Vous recevez ce message parce que ").append(theHospital(hospital)).append(" vous a indiqué comme "
            + "médecin traitant de ").append(words.thisPatient).append(". Il ne contient ni diagnostic ni motif de "
            + "venue ; le compte rendu de passage aux urgences vous sera adressé à la sortie.\n");
        body.append(signature(hospital));
        return new EdNotice(Purpose.ED_NOTICE, peer.box(), box, Optional.of(gp.idNat().value()), subject,
            body.toString());
    }

    private EdNotice correction(Peer peer, Admission cancellation, BoxAddress box) {
        Words words = Words.of(cancellation.patient().sex());
        String hospital = hospital(peer);
        String name = patientName(cancellation.patient());
        String subject = "Urgences " + hospital + " : annulation – votre " + words.patient + " " + name;
        String body = "Bonjour,\n\n"
            + "L'admission aux urgences " + of(hospital) + " de votre " + words.patient + " " + name
            + born(cancellation.patient(), words) + " (référence du passage : " + cancellation.visitId()
            + ") a été annulée par l'établissement. Le message qui vous annonçait son arrivée était erroné : merci de "
            + "ne pas en tenir compte.\n"
            + signature(hospital);
        return new EdNotice(Purpose.ED_CORRECTION, peer.box(), box, cancellation.gp().map(gp -> gp.idNat().value()),
            subject, body);
    }

    private String line(EdArrival arrival) {
        StringBuilder line = new StringBuilder("- ").append(HOUR.format(arrival.arrivedAt().atZone(zone))).append("  ")
            .append(arrival.patientName().isEmpty() ? "(patient sans nom)" : arrival.patientName());
        arrival.birthDate().ifPresent(date -> line.append(" (").append(DAY.format(date)).append(')'));
        line.append(", passage ").append(arrival.visitId());
        if (!arrival.gpName().isEmpty()) {
            line.append(", médecin traitant ").append(arrival.gpName());
        }
        return line.append(" : ").append(arrival.reason().isEmpty() ? label(arrival.outcome()) : arrival.reason())
            .append('\n').toString();
    }

    private static String label(EdOutcome outcome) {
        return switch (outcome) {
            case SENT -> "médecin traitant prévenu";
            case NO_GP -> "pas de médecin traitant indiqué";
            case GP_UNKNOWN -> "médecin traitant absent de l'annuaire";
            case GP_NO_BOX -> "médecin traitant sans boîte de messagerie sécurisée";
            case GP_BOX_SUSPENDED -> "boîte du médecin traitant suspendue";
            case REFUSED -> "avis refusé par la messagerie";
            case CANCELLED -> "admission annulée";
        };
    }

    private String when(Instant instant) {
        return LONG_DAY.format(instant.atZone(zone)) + " à " + HOUR.format(instant.atZone(zone)) + " ("
            + zoneName() + ")";
    }

    private String zoneName() {
        return zone.getId().equals("Europe/Paris") ? "heure de Paris" : "heure locale, " + zone.getId();
    }

    private static String born(PatientTraits patient, Words words) {
        return patient.birthDate().map(date -> ", " + words.born + " le " + DAY.format(date)).orElse("");
    }

    private static String greeting(Professional gp) {
        return DOCTOR.equals(gp.professionCode()) ? "Bonjour Docteur " + gp.lastName() + ","
            : ("Bonjour " + capitalised(gp.firstName()) + " " + gp.lastName()).replace("  ", " ") + ",";
    }

    private static String describe(GpReference gp, Optional<Professional> known) {
        String name = known.map(p -> (capitalised(p.firstName()) + " " + p.lastName()).strip())
            .orElse((capitalised(gp.given()) + " " + gp.family()).strip());
        String number = (gp.idNat().kind() == IdNat.Kind.RPPS ? "RPPS " : "ADELI ") + gp.idNat().number();
        return name.isEmpty() ? number : name + ", " + number;
    }

    private static String hospital(Peer peer) {
        return peer.name().isBlank() ? peer.box().address() : peer.name().strip();
    }

    /** "du CHU de X", "de l'Hôpital Y": the hospital's name after "aux urgences". */
    private static String of(String hospital) {
        String lower = hospital.toLowerCase(FRENCH);
        if (lower.startsWith("le ")) {
            return "du " + hospital.substring(3);
        }
        if (lower.startsWith("la ") || lower.startsWith("l'")) {
            return "de " + hospital;
        }
        boolean vowel = !lower.isEmpty() && "aeiouyhéèâ".indexOf(lower.charAt(0)) >= 0;
        boolean feminine = lower.startsWith("clinique") || lower.startsWith("polyclinique");
        return vowel ? "de l'" + hospital : feminine ? "de la " + hospital : "du " + hospital;
    }

    /** "le CHU de X", "l'Hôpital Y" as the subject of a sentence. */
    private static String theHospital(String hospital) {
        String of = of(hospital);
        return of.startsWith("du ") ? "le " + of.substring(3) : of.substring(3);
    }

    private static String signature(String hospital) {
        return "\n-- \nMessage automatique " + of(hospital) + ", envoyé par messagerie sécurisée de santé. Merci de "
            + "ne pas y répondre : pour toute question, contactez les urgences.\n";
    }

    private static String plural(long count) {
        return count > 1 ? "s" : "";
    }

    /** "JEAN-PIERRE" → "Jean-Pierre", "DE LA FONTAINE" → "De La Fontaine". */
    private static String capitalised(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean start = true;
        for (char c : name.strip().toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = c == ' ' || c == '-' || c == '\'';
        }
        return out.toString();
    }

    /** The words that agree with the patient's sex (PID-8): F, M, else both forms. */
    private record Words(String patient, String born, String arrived, String thisPatient) {
        static Words of(String sex) {
            return switch (sex) {
                case "F" -> new Words("patiente", "née", "arrivée", "cette patiente");
                case "M" -> new Words("patient", "né", "arrivé", "ce patient");
                default -> new Words("patient(e)", "né(e)", "arrivé(e)", "ce(tte) patient(e)");
            };
        }
    }
}
