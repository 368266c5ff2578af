package fr.caducee.gateway.report;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fr.caducee.gateway.message.Hl7Text;

/**
 * Writes the business receipts of the volet (page "ack-metier-zam", examples in {@code ansforge/hl7V2-exemples}
 * {@code Volets/TRANS_DOC_CDA_HL7V2/V2.1/ORU/Transmission initiale ORU/Message metier *}), version 2.6, UTF-8:
 * <ul>
 *   <li>{@code ZAM^Z01^ZAM_Z01}: OBX {@code ACK_RECEPTION_DMP^Accusé de réception DMP^AckMetierZAM}, Y or N, with
 *       ERR when refused (the record's 900-906 error code and label);</li>
 *   <li>{@code ZAM^Z02}: OBX {@code ACK_RECEPTION_MSS}, Y or N, and OBX {@code DESTINATAIRE_MSS} (XTN
 *       {@code ^^X.400^<address>}, OBX-4 the recipient's id) per DSN;</li>
 *   <li>{@code ZAM^Z03}: OBX {@code ACK_LECTURE_MSS}, Y or N, and OBX {@code LECTEUR_MSS} per MDN.</li>
 * </ul>
 *
 * <p>The shape is ANS's examples' (MSH-9 {@code ZAM^Z0n^ZAM_Z01}, MSH-21 {@code 2.1^CISIS_CDA_HL7_V2}, EVN-2, the first
 * OBX's OBX-4 the original's MSH-10, {@code ||||||F|}), and the negative's ERR the volet's ("profils-messages"): ERR-3
 * {@code 207^Application internal error^messageErrorCondition}, ERR-4 {@code E}, ERR-5 the error as
 * {@code code^label^table} — the record's 900-906 codes in {@code applicationErrorCondition} (page "error-codes"),
 * another record code in {@code DMPERRORCODE} as ANS's Z01 example writes it, a DSN's failure as its SMTP reply code
 * in {@code SMTPERRORCODE} with that table's label — and ERR-8 what the DSN or the MDN said, when it says more. MSH-7
 * and EVN-2 are the time of the event the receipt reports, so that a receipt written again is the same.
 */
public final class BusinessReceipts {
    private static final String CODING = "AckMetierZAM";
    private static final String YES_NO = "expandedYes-NoIndicator";
    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    private static final Pattern CODED = Pattern.compile("([^^]+)\\^(.*)", Pattern.DOTALL);
    private static final Pattern INTEGRATION_CODE = Pattern.compile("90[0-6]");
    private static final Pattern REPLY_CODE = Pattern.compile("(?<![\\d.])([245]\\d\\d)(?![\\d.])");
    private static final Pattern STATUS_CODE = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.])");
    /** The labels of ANS's integration error codes (page "error-codes", table applicationErrorCondition). */
    private static final Map<String, String> INTEGRATION_LABELS = Map.of(
        "900", "Version du document incorrecte lors d'une demande de remplacement/suppression",
        "901", "Auteur non autorisé à remplacer ou supprimer un document",
        "902", "Identifiant patient inconnu",
        "903", "INS non présent dans le document",
        "904", "L'INS transmis ne correspond pas exactement à celui stocké dans la base du consommateur",
        "905", "L’INS transmis n’est pas complet",
        "906", "Erreur 'Autre'");
    /** The labels of the volet's table SMTPERRORCODE (page "error-codes") for the codes a failed DSN gives. */
    private static final Map<String, String> SMTP_LABELS = Map.ofEntries(
        Map.entry("421", "Le service est indisponible en raison d'un problème de connexion."),
        Map.entry("422", "La boîte aux lettres du destinataire a dépassé sa limite de stockage."),
        Map.entry("450", "Action non effectuée : boîte-aux-lettres non disponible [Ex., bloquée par un autre "
            + "utilisateur]"),
        Map.entry("451", "Action arrêtée : erreur de traitement"),
        Map.entry("452", "Action non effectuée : manque de ressources système."),
        Map.entry("510", "Mauvaise adresse courriel"),
        Map.entry("512", "Ce code indique une erreur DNS. Le serveur hôte du nom de domaine du destinataire est "
            + "introuvable."),
        Map.entry("541", "L'adresse du destinataire a rejeté votre message. Dans la plupart des cas, c'est une erreur "
            + "causée par un filtre anti-spam."),
        Map.entry("550", "Action non effectuée : boîte aux lettres non disponible (ex. : boîte-aux-lettres non "
            + "trouvée, pas d'accès)."),
        Map.entry("551", "Un relais peut être interrompu car votre adresse et celle du destinataire ne sont pas "
            + "hébergées localement par le serveur."),
        Map.entry("552", "Action abandonnée - Allocation de stockage dépassée. La boîte aux lettres du destinataire "
            + "a dépassé ses limites."),
        Map.entry("553", "La commande a été abandonnée car le nom de la boîte aux lettres n'est pas valide."),
        Map.entry("554", "Cela signifie que l'envoi a échoué. Ce code indique une erreur permanente et le serveur "
            + "n'essaiera pas d'envoyer le message à nouveau."));

    private final ZoneId zone;

    public BusinessReceipts() {
        this(ZoneId.of("Europe/Paris"));
    }

    /** @param zone the zone MSH-7 and EVN-2 are written in (with their offset) */
    public BusinessReceipts(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** @param error the record's integration error ({@code 902^Identifiant de patient inconnu}), empty when integrated */
    public byte[] recordReceipt(ZamOrigin origin, String controlId, Instant at, Optional<String> error) {
        StringBuilder zam = header("Z01", origin, controlId, at);
        zam.append(status(origin, "ACK_RECEPTION_DMP^Accusé de réception DMP", error.isEmpty()));
        error.ifPresent(e -> zam.append(recordError(e)));
        return bytes(zam);
    }

    /** @param error the DSN's status and diagnostic when not delivered, empty when delivered */
    public byte[] deliveryReceipt(ZamOrigin origin, String controlId, Instant at, String recipient,
                                  Optional<String> recipientId, Optional<String> error) {
        StringBuilder zam = header("Z02", origin, controlId, at);
        zam.append(status(origin, "ACK_RECEPTION_MSS^Accusé de réception MSSanté", error.isEmpty()));
        zam.append(address("DESTINATAIRE_MSS^Destinataire MSSanté", recipient, recipientId));
        error.ifPresent(e -> zam.append(deliveryError(e)));
        return bytes(zam);
    }

    /** @param error the MDN's error ({@code 902^label}, a denied/failed disposition), empty when read or processed */
    public byte[] readingReceipt(ZamOrigin origin, String controlId, Instant at, String reader,
                                 Optional<String> readerId, Optional<String> error) {
        StringBuilder zam = header("Z03", origin, controlId, at);
        zam.append(status(origin, "ACK_LECTURE_MSS^Accusé de lecture", error.isEmpty()));
        zam.append(address("LECTEUR_MSS^Lecteur du courriel MSSanté", reader, readerId));
        error.ifPresent(e -> zam.append(readingError(e)));
        return bytes(zam);
    }

    private StringBuilder header(String event, ZamOrigin origin, String controlId, Instant at) {
        String time = HL7_TIME.format(at.atZone(zone));
        return new StringBuilder(512).append("MSH|^~\\&|").append(copied(origin.receivingApplication())).append('|')
            .append(copied(origin.receivingFacility())).append('|').append(copied(origin.sendingApplication()))
            .append('|').append(copied(origin.sendingFacility())).append('|').append(time).append("||ZAM^")
            .append(event).append("^ZAM_Z01|").append(escape(controlId)).append("|P|2.6|||||FRA|UNICODE UTF-8|||")
            .append("2.1^CISIS_CDA_HL7_V2\r").append("EVN||").append(time).append('\r');
    }

    private static String status(ZamOrigin origin, String observation, boolean yes) {
        return "OBX|1|CWE|" + observation + "^" + CODING + "|" + escape(origin.controlId()) + "|" + (yes ? "Y" : "N")
            + "^^" + YES_NO + "||||||F|\r";
    }

    private static String address(String observation, String address, Optional<String> id) {
        return "OBX|2|XTN|" + observation + "^" + CODING + "|" + escape(id.orElse("")) + "|^^X.400^"
            + escape(address) + "||||||F|\r";
    }

    /** The record's error: {@code 902^label} (ANS's codes), another {@code code^label}, or a sentence (906). */
    private static String recordError(String error) {
        Matcher coded = CODED.matcher(error.strip());
        if (!coded.matches()) {
            return err("906", INTEGRATION_LABELS.get("906"), "applicationErrorCondition", error);
        }
        String code = coded.group(1).strip();
        String table = INTEGRATION_CODE.matcher(code).matches() ? "applicationErrorCondition" : "DMPERRORCODE";
        return err(code, coded.group(2).strip(), table, "");
    }

    /** The DSN's failure: its SMTP reply code, else its status code's class, with the table's label. */
    private static String deliveryError(String error) {
        Matcher reply = REPLY_CODE.matcher(error);
        Matcher status = STATUS_CODE.matcher(error);
        String code;
        if (reply.find()) {
            code = reply.group(1);
        } else if (status.find()) {
            code = status.group(1).equals("4") ? "451" : switch (status.group(2)) {
                case "1" -> "550";
                case "2" -> "552";
                default -> "554";
            };
        } else {
            code = "554";
        }
        return err(code, SMTP_LABELS.getOrDefault(code, "Erreur SMTP " + code), "SMTPERRORCODE", error);
    }

    /** The MDN's error: {@code 902^label}, else a disposition that failed or was denied (906, its words kept). */
    private static String readingError(String error) {
        Matcher coded = CODED.matcher(error.strip());
        if (coded.matches() && INTEGRATION_CODE.matcher(coded.group(1).strip()).matches()) {
            return err(coded.group(1).strip(), coded.group(2).strip(), "applicationErrorCondition", "");
        }
        return err("906", INTEGRATION_LABELS.get("906"), "applicationErrorCondition", error);
    }

    private static String err(String code, String label, String table, String detail) {
        String err = "ERR|||207^Application internal error^messageErrorCondition|E|" + escape(code) + "^"
            + escape(label) + "^" + table;
        return (detail.isBlank() ? err : err + "|||" + escape(detail.strip())) + "\r";
    }

    /** A field of the original's MSH, copied with its components; what would end the field is escaped. */
    private static String copied(String value) {
        return Objects.requireNonNullElse(value, "").replace("|", "\\F\\").replace('\r', ' ').replace('\n', ' ');
    }

    private static String escape(String text) {
        return Hl7Text.escape(text);
    }

    private static byte[] bytes(StringBuilder zam) {
        return zam.toString().getBytes(StandardCharsets.UTF_8);
    }
}
