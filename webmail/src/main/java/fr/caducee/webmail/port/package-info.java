/**
 * What the webmail needs from the mail server, and the server implements ({@code fr.caducee.server.webmail}): the
 * patient's mailbox seen as conversations, sending through the submission rule chain, the shared record, the
 * directory's accounts. The webmail holds no rule of its own about who may write to whom: it sends what the patient
 * asked, and shows the chain's refusal.
 */
package fr.caducee.webmail.port;
