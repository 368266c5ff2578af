package fr.caducee.gateway.message;

import java.nio.charset.Charset;
import java.util.Objects;

/**
 * What the gateway reads of an MSH segment, as written (components kept with their separators, e.g. MSH-4
 * {@code CHU-X^000897406^M}): enough to acknowledge a message even when the rest cannot be read.
 *
 * @param sendingApplication MSH-3
 * @param sendingFacility MSH-4
 * @param receivingApplication MSH-5
 * @param receivingFacility MSH-6
 * @param messageType MSH-9 as written, e.g. {@code ADT^A04^ADT_A01}
 * @param controlId MSH-10, possibly empty when the message has none (then refused)
 * @param processingId MSH-11 (P, D, T)
 * @param version MSH-12's first component, e.g. {@code 2.5}
 * @param charset the character set MSH-18 declares (HL7 table 0211, e.g. {@code UNICODE UTF-8}, {@code 8859/1}), ASCII
 *     when empty
 */
public record Header(String sendingApplication, String sendingFacility, String receivingApplication,
                     String receivingFacility, String messageType, String controlId, String processingId,
                     String version, Charset charset) {
    public Header {
        Objects.requireNonNull(charset, "charset");
        sendingApplication = Objects.requireNonNullElse(sendingApplication, "");
        sendingFacility = Objects.requireNonNullElse(sendingFacility, "");
        receivingApplication = Objects.requireNonNullElse(receivingApplication, "");
        receivingFacility = Objects.requireNonNullElse(receivingFacility, "");
        messageType = Objects.requireNonNullElse(messageType, "");
        controlId = Objects.requireNonNullElse(controlId, "");
        processingId = Objects.requireNonNullElse(processingId, "");
        version = Objects.requireNonNullElse(version, "");
    }

    /** MSH-9.1, e.g. {@code ADT}. */
    public String messageCode() {
        return component(messageType, 0);
    }

    /** MSH-9.2, e.g. {@code A04}. */
    public String triggerEvent() {
        return component(messageType, 1);
    }

    private static String component(String field, int index) {
        String[] parts = field.split("\\^", -1);
        return index < parts.length ? parts[index] : "";
    }
}
