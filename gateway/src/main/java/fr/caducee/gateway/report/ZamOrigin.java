package fr.caducee.gateway.report;

/**
 * What a business receipt needs of the message it answers, kept with it (table {@code gateway_message}): the
 * receipt goes from the receiving side back to the sender, so its MSH-3/4 are the original's MSH-5/6 and its
 * MSH-5/6 the original's MSH-3/4; OBX-4 of each ZAM OBX is the original's MSH-10.
 */
public record ZamOrigin(String sendingApplication, String sendingFacility, String receivingApplication,
                        String receivingFacility, String controlId) {
}
