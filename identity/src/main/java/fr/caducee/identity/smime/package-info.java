/** S/MIME: the operator's signature on the server's own messages, incoming signatures checked against the anchors. */
package fr.caducee.identity.smime;
