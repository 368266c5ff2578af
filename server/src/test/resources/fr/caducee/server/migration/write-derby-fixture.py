#!/usr/bin/env python3
"""Writes the mail of derby-data.tar.gz into a running Caducée on embedded Derby (the version before PostgreSQL):
submission with STARTTLS and AUTH, IMAP over TLS, WebAdmin for an alias and a quota.

    write-derby-fixture.py <data folder> <submission port> <imaps port> <webadmin port> <scripts/directory>

The demo boxes' passwords are read from <data>/demo-accounts.txt, the WebAdmin token is made by scripts/directory."""
import imaplib, smtplib, ssl, subprocess, sys, time, urllib.request
from email.message import EmailMessage
from email.utils import make_msgid

data, submission, imaps, webadmin = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
accounts = {}
for line in open(f"{data}/demo-accounts.txt", encoding="utf-8"):
    if line.strip() and not line.startswith("#"):
        address, password = line.split()[:2]
        accounts[address] = password
MARTIN, BERNARD, WARD = "dr.martin@caducee.localhost", "pr.bernard@caducee.localhost", "cardiologie@caducee.localhost"
PATIENT = "146026322000196@patient.caducee.localhost"
tls = ssl.create_default_context()
tls.check_hostname = False
tls.verify_mode = ssl.CERT_NONE


def send(sender, recipient, message):
    message["From"], message["To"] = sender, recipient
    with smtplib.SMTP("127.0.0.1", submission, timeout=30) as smtp:
        smtp.starttls(context=tls)
        smtp.login(sender, accounts[sender])
        smtp.send_message(message)


def text(subject, body, **headers):
    message = EmailMessage()
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="caducee.localhost")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


def imap(login):
    session = imaplib.IMAP4_SSL("127.0.0.1", imaps, ssl_context=tls)
    session.login(login, accounts[login])
    return session


def wait_for(login, count, mailbox="INBOX"):
    for _ in range(120):
        session = imap(login)
        status = session.status(mailbox, "(MESSAGES)")[1][0].decode()
        session.logout()
        if f"MESSAGES {count})" in status:
            return
        time.sleep(0.5)
    raise SystemExit(f"{login}: {mailbox} never held {count} messages ({status})")


send(MARTIN, BERNARD, text("Résultats de biologie", "Bilan lipidique normal.\nBien confraternellement.\n"))
letter = text("Lettre de liaison", "Patiente vue ce jour, compte rendu joint.\n")
letter.add_attachment("Compte rendu: échographie cardiaque sans anomalie.\n".encode("utf-8"), maintype="text",
                      subtype="plain", filename="compte-rendu.txt")
send(MARTIN, BERNARD, letter)
send(MARTIN, WARD, text("Transmissions du soir", "Chambre 12: constantes stables.\n"))
opening = text("Votre ordonnance", "Bonjour, votre ordonnance est prête.\n")
send(MARTIN, PATIENT, opening)
wait_for(BERNARD, 2)
wait_for(WARD, 1)
wait_for(PATIENT, 1)
# The patient answers the conversation the doctor opened.
send(PATIENT, MARTIN, text("Re: Votre ordonnance", "Merci docteur.\n", In_Reply_To=opening["Message-ID"],
                           References=opening["Message-ID"]))
wait_for(MARTIN, 1)

session = imap(BERNARD)
session.create('"Archives/2026"')
session.subscribe('"Archives/2026"')
session.subscribe("INBOX")
session.select("INBOX")
session.store("1", "+FLAGS", r"(\Seen \Flagged caducee-triaged)")
session.store("2", "+FLAGS", r"(\Answered)")
session.copy("2", '"Archives/2026"')
session.select('"Archives/2026"')
session.store("1", "+FLAGS", r"(\Seen \Deleted)")
session.append('"Archives/2026"', r"(\Draft)", imaplib.Time2Internaldate(1767225600),
               text("Brouillon", "Note pour le staff de lundi.\n").as_bytes())
session.xatom("SETMETADATA", '"Archives/2026" (/private/comment "Dossiers clos en 2026")')
session.logout()

token = subprocess.run([sys.argv[5] if len(sys.argv) > 5 else "scripts/directory", "--webadmin",
                        f"http://127.0.0.1:{webadmin}", "--data", data, "token"], capture_output=True, text=True,
                       check=True).stdout.strip()
for method, path, body in [("PUT", f"/address/aliases/{MARTIN}/sources/docteur.martin@caducee.localhost", None),
                           ("PUT", f"/quota/users/{BERNARD}/count", b"5000"),
                           ("PUT", "/quota/domains/caducee.localhost/size", b"100000000")]:
    request = urllib.request.Request(f"http://127.0.0.1:{webadmin}{path}", data=body, method=method,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "text/plain"})
    urllib.request.urlopen(request).read()
print("fixture mail written")
