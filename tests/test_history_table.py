"""Every description and note of the registry that records a change, and the events it gives.

The table below is written from the registry's own text (the XML of 2026-08-17): for
each text that records a change, the rows that carry it and the events it records,
with the dates and ports the text gives. A text the change words match that records
no change is listed too, with no events and the reason. A row whose text matches the
change words and is not in the table fails the suite, so a new wording is looked at.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portreg import Assignment, HistoryKind, Registry, Status, registry, service
from portreg.answers.history import events_of
from portreg.records.assignment import RegistryDate
from portreg.records.vocabulary import DatePrecision

K = HistoryKind

#: Words with which the registry's text tells of a change, for finding the texts to list.
CHANGE_WORDS = re.compile(
    r"(?i)(?<![\w-])was\b|\bwere\b|formerly|previous|de-?assign|re-?assign|\bremov|de-?regist"
    r"|deprecat|de-?comm?iss?ion|renam|\bmoved?\b|released|\bupdated\b|historic|conflict"
    r"|unauthori[sz]ed|unoff?ici?al|\bretask|withdrawn|replacement|replaced|no longer|modified"
    r"|obsolete|expired|revoked|reclaim|transferred|\bchanged\b|superseded|\binstead\b"
    r"|widespread|new contact"
)


class Event(NamedTuple):
    kind: HistoryKind
    date: str | None = None
    #: The ports the text names; ``None`` where it names none (the row's own ports).
    ports: tuple[int, ...] | None = None
    #: Names the text gives besides the row's own.
    names: tuple[str, ...] = ()
    subject: str | None = None


class Entry(NamedTuple):
    field: str
    #: A passage of the text, white space collapsed.
    quote: str
    #: The rows that carry the text: ``name:port/protocol``, ``*`` for every protocol.
    rows: tuple[str, ...]
    events: tuple[Event, ...]
    #: Why a text the change words match records no change.
    why: str = ""


def _rows(text: str) -> tuple[str, ...]:
    return tuple(text.split())


N, D = "notes", "description"

EXPLICIT = (
    Entry(N, "De-assigned on 2025-02-13, previously compressnet by [Bernie_Volz]",
          _rows(":2/tcp :2/udp :3/tcp :3/udp"),
          (Event(K.DEASSIGNED, "2025-02-13", names=("compressnet",)),)),
    Entry(D, "Unassigned [was netstat]", _rows(":15/tcp"),
          (Event(K.PREVIOUSLY_ASSIGNED, names=("netstat",)),)),
    Entry(D, "Message Send Protocol (historic)", _rows("msp:18/tcp msp:18/udp"), (),
          why="the protocol's standing, in its title: no event, no date"),
    Entry(N, "This entry has been removed on 2017-05-18.",
          _rows(":47/tcp :47/udp :61/tcp :61/udp"), (Event(K.REMOVED, "2017-05-18"),)),
    Entry(N, "This entry is being removed on 2013-05-24.",
          _rows(":51/* :1030/* :1031/* :1032/* :8699/udp"), (Event(K.REMOVED, "2013-05-24"),)),
    Entry(N, "Deprecated June 2004", _rows(":114/*"), (Event(K.DEREGISTERED, "2004-06"),)),
    Entry(N, "Port 126 Previously assigned to application below unitary 126/tcp",
          _rows("nxedit:126/tcp nxedit:126/udp"),
          (Event(K.PREVIOUSLY_ASSIGNED, ports=(126,), names=("unitary",)),)),
    Entry(N, 'Possible Conflict of Port 222 with "Masqdialer"',
          _rows("masqdialer:224/tcp masqdialer:224/udp"), (Event(K.CONFLICT, ports=(222,)),)),
    Entry(N, "This entry records an unassigned but widespread use (added 5/21/97)",
          _rows("bhoetty:351/tcp bhoetty:351/udp bhoedap4:352/tcp bhoedap4:352/udp"),
          (Event(K.WIDESPREAD_USE, "1997-05-21"),)),
    Entry(N, "De-Assigned on 2023-11-16.", _rows(":359/tcp :359/udp"),
          (Event(K.DEASSIGNED, "2023-11-16"),)),
    Entry(N, "Formerly was Workstation Solutions", _rows("osb-sd:400/tcp osb-sd:400/udp"),
          (Event(K.FORMERLY, subject="Workstation Solutions"),)),
    Entry(D, "nntp protocol over TLS/SSL (was snntp)", _rows("nntps:563/tcp nntps:563/udp"),
          (Event(K.RENAMED, names=("snntp",)),)),
    Entry(D, "De-registered", _rows(":585/* :2905/udp :3403/* :7626/udp :26264/*"),
          (Event(K.DEREGISTERED),)),
    Entry(N, "Use of 585 is not recommended, use 993 instead", _rows(":585/*"),
          (Event(K.REPLACED, ports=(585, 993)),)),
    Entry(D, "ldap protocol over TLS/SSL (was sldap)", _rows("ldaps:636/tcp ldaps:636/udp"),
          (Event(K.RENAMED, names=("sldap",)),)),
    Entry(D, "Removed", _rows(":659/* :2682/* :3404/*"), (Event(K.REMOVED),)),
    Entry(N, "Previously assigned to NETCONF over BEEP but released by [RFC9900]",
          _rows(":831/tcp :831/udp"), (Event(K.RELEASED, subject="NETCONF over BEEP"),)),
    Entry(N, "Previously assigned to NETCONF over SOAP but released by [RFC9900]",
          _rows(":832/tcp :832/udp :833/tcp :833/udp"),
          (Event(K.RELEASED, subject="NETCONF over SOAP"),)),
    Entry(N, "This entry records an unassigned but widespread use",
          _rows("cddbp:888/tcp mshnet:1989/tcp mshnet:1989/udp ipsendmsg:1992/tcp"
                " ipsendmsg:1992/udp remoteware-cl:3000/tcp remoteware-cl:3000/udp"
                " remoteware-srv:3002/tcp remoteware-srv:3002/udp"),
          (Event(K.WIDESPREAD_USE),)),
    Entry(N, "(previous contact was[Christopher_Allen])", _rows(":994/tcp"),
          (Event(K.CONTACT_CHANGED),)),
    Entry(D, "pop3 protocol over TLS/SSL (was spop3)", _rows("pop3s:995/udp"),
          (Event(K.RENAMED, names=("spop3",)),)),
    Entry(D, "Deprecated", _rows(":1028/*"), (Event(K.DEREGISTERED),)),
    Entry(N, "Microsoft (unoffically) using 1232",
          _rows("first-defense:1232/tcp first-defense:1232/udp"),
          (Event(K.UNAUTHORIZED_USE, ports=(1232,), subject="Microsoft"),)),
    Entry(N, "This entry has been removed on 2014-05-23.", _rows(":1276/tcp :1276/udp"),
          (Event(K.REMOVED, "2014-05-23"),)),
    Entry(N, "De-Assigned on 2019-10-30", _rows(":1301/tcp :1301/udp :1302/tcp :1302/udp"),
          (Event(K.DEASSIGNED, "2019-10-30"),)),
    Entry(N, "This port has been retasked on 2015-06-16.", _rows("tibet-server:1407/tcp"),
          (Event(K.RETASKED, "2015-06-16"),)),
    Entry(N, "This port has been removed on 2015-06-16.", _rows(":1407/udp"),
          (Event(K.REMOVED, "2015-06-16"),)),
    Entry(D, "Decomissioned Port 04/14/00, ms", _rows(":1783/*"),
          (Event(K.DEREGISTERED, "2000-04-14"),)),
    Entry(N, "Microsoft (unoffically) using 1895", _rows(":1895/tcp :1895/udp"),
          (Event(K.UNAUTHORIZED_USE, ports=(1895,), subject="Microsoft"),)),
    Entry(N, "Formerly was P2plus Application Server", _rows("applus:2037/tcp applus:2037/udp"),
          (Event(K.FORMERLY, subject="P2plus Application Server"),)),
    Entry(N, "<== NOTE Conflict on 2049 !", _rows("shilp:2049/tcp shilp:2049/udp"),
          (Event(K.CONFLICT, ports=(2049,)),)),
    Entry(N, 'The TCP port 2083 was already previously assigned by IANA for "RadSec"',
          _rows("radsec:2083/tcp"),
          (Event(K.PREVIOUSLY_ASSIGNED, ports=(2083,), subject="RadSec"),)),
    Entry(N, 'The UDP port 2083 was already previously assigned by IANA for "RadSec"',
          _rows("radsec:2083/udp"),
          (Event(K.PREVIOUSLY_ASSIGNED, ports=(2083,), subject="RadSec"),)),
    Entry(N, "This entry has been removed on 2019-07-05.", _rows(":2200/tcp :2200/udp"),
          (Event(K.REMOVED, "2019-07-05"),)),
    Entry(D, 'IANA assigned this well-formed service name as a replacement for "EtherNet/IP-1"',
          _rows("EtherNet-IP-1:2222/tcp EtherNet-IP-1:2222/udp"),
          (Event(K.RENAMED, names=("EtherNet/IP-1",)),)),
    Entry(N, "New contact added for port 2222 on 2008-02-01",
          _rows("EtherNet-IP-1:2222/tcp EtherNet-IP-1:2222/udp"),
          (Event(K.CONTACT_CHANGED, "2008-02-01", ports=(2222,)),)),
    Entry(N, 'New contact added for port 2222 on 2008-02-01 This entry is an alias to '
             '"EtherNet-IP-1". This entry is now historic',
          _rows("EtherNet/IP-1:2222/tcp EtherNet/IP-1:2222/udp"),
          (Event(K.CONTACT_CHANGED, "2008-02-01", ports=(2222,)),
           Event(K.HISTORIC_ALIAS, names=("EtherNet-IP-1",)))),
    Entry(N, "Modified: 27 October 2008", _rows("ansysli:2325/tcp ansysli:2325/udp"),
          (Event(K.MODIFIED, "2008-10-27"),)),
    Entry(N, "This entry is being removed on 2012-03-09.", _rows(":2408/udp"),
          (Event(K.REMOVED, "2012-03-09"),)),
    Entry(N, "This port was previously removed on 2002-04-29.",
          _rows("vcmp:2426/tcp vcmp:2426/udp"), (Event(K.REMOVED, "2002-04-29"),)),
    Entry(N, "(Removed 2004-2-6)", _rows(":2693/tcp :2693/udp"),
          (Event(K.REMOVED, "2004-02-06"),)),
    Entry(D, "Unassigned (FRP-Released 12/7/00)", _rows(":2925/*"),
          (Event(K.RELEASED, "2000-12-07"),)),
    Entry(N, 'port 3001 previously "Removed on 2006-05-25"',
          _rows("origo-native:3001/tcp :3001/udp"),
          (Event(K.REMOVED, "2006-05-25", ports=(3001,)),)),
    Entry(N, 'port 3121 previously noted "Removed on 2003-09-17"',
          _rows("pcmk-remote:3121/tcp :3121/udp"),
          (Event(K.REMOVED, "2003-09-17", ports=(3121,)),)),
    Entry(D, "VidiGo communication (previous was: Delta Solutions Direct)",
          _rows("vidigo:3231/tcp vidigo:3231/udp"),
          (Event(K.FORMERLY, subject="Delta Solutions Direct"),)),
    Entry(N, "This port was previously removed on 2007-04-05.", _rows("easl:3693/tcp :3693/udp"),
          (Event(K.REMOVED, "2007-04-05"),)),
    Entry(N, "this port was previously updated on 2009-06-19",
          _rows("sitewatch-s:3766/tcp :3766/udp"), (Event(K.MODIFIED, "2009-06-19"),)),
    Entry(N, "This entry has been removed on 2006-06-23.", _rows(":3864/udp"),
          (Event(K.REMOVED, "2006-06-23"),)),
    Entry(N, "Historic usage was acms. De-Assigned on 2020-12-29", _rows(":3980/tcp"),
          (Event(K.DEASSIGNED, "2020-12-29", names=("acms",)),)),
    Entry(N, "Potential Conflict of ports PORT 4000 also used by ICQ <www.icq.com>",
          _rows("terabase:4000/tcp terabase:4000/udp"),
          (Event(K.CONFLICT, ports=(4000,), subject="ICQ <www.icq.com>"),)),
    Entry(N, "Compuserve (unoffically) is using port 4144", _rows(":4144/*"),
          (Event(K.UNAUTHORIZED_USE, ports=(4144,), subject="Compuserve"),)),
    Entry(N, "This entry is being removed on 2015-05-12.", _rows(":4324/*"),
          (Event(K.REMOVED, "2015-05-12"),)),
    Entry(N, "Modified: 21 January 2010", _rows("l2c-control:4371/tcp l2c-data:4372/tcp"),
          (Event(K.MODIFIED, "2010-01-21"),)),
    Entry(N, "De-registered 08 June 2001", _rows(":4501/*"),
          (Event(K.DEREGISTERED, "2001-06-08"),)),
    Entry(N, "Historic usage was surfpass. De-Assigned on 2022-01-10",
          _rows(":5030/tcp :5030/udp"),
          (Event(K.DEASSIGNED, "2022-01-10", names=("surfpass",)),)),
    Entry(N, "Historic usage was toruxserver. De-Assigned on 2018-04-19", _rows(":5153/tcp"),
          (Event(K.DEASSIGNED, "2018-04-19", names=("toruxserver",)),)),
    Entry(N, "This service name was initially created by [RFC5389].", _rows("stuns:5349/udp"),
          (), why="names the document that created the name; the row's reference is today's"),
    Entry(N, "This service name was initially created by [RFC8656].", _rows("turns:5349/udp"),
          (), why="names the document that created the name; the row's reference is today's"),
    Entry(N, "This entry has been removed on 2011-08-26.", _rows(":6567/*"),
          (Event(K.REMOVED, "2011-08-26"),)),
    Entry(N, "De-Assigned on 2024-01-05.", _rows(":8077/tcp"),
          (Event(K.DEASSIGNED, "2024-01-05"),)),
    Entry(D, "De-Commissioned Port", _rows(":9006/*"), (Event(K.DEREGISTERED),)),
    Entry(N, 'Historically, this service has been referred to as "kca_service"',
          _rows("kca-service:9878/udp"), (Event(K.RENAMED, names=("kca_service",)),)),
    Entry(N, "De-Assigned on 2023-12-05.", _rows(":10321/tcp"),
          (Event(K.DEASSIGNED, "2023-12-05"),)),
    Entry(D, "De-Registered", _rows("sua:14001/udp"), (Event(K.DEREGISTERED),)),
    Entry(N, '"pcp" assignment withdrawn, moved to port 5351 per RFC6887', _rows(":44323/udp"),
          (Event(K.MOVED, ports=(44323, 5351), names=("pcp",)),)),
    Entry(D, 'IANA assigned this well-formed service name as a replacement for "EtherNet/IP-2"',
          _rows("EtherNet-IP-2:44818/tcp EtherNet-IP-2:44818/udp"),
          (Event(K.RENAMED, names=("EtherNet/IP-2",)),)),
    Entry(N, "New contact added for port 44818 on 2008-02-01",
          _rows("EtherNet-IP-2:44818/tcp EtherNet-IP-2:44818/udp"),
          (Event(K.CONTACT_CHANGED, "2008-02-01", ports=(44818,)),)),
    Entry(N, 'New contact added for port 44818 on 2008-02-01 This entry is an alias to '
             '"EtherNet-IP-2". This entry is now historic',
          _rows("EtherNet/IP-2:44818/tcp EtherNet/IP-2:44818/udp"),
          (Event(K.CONTACT_CHANGED, "2008-02-01", ports=(44818,)),
           Event(K.HISTORIC_ALIAS, names=("EtherNet-IP-2",)))),
    Entry(N, "changed the user-friendly name to something else", _rows("guid:/*"), (),
          why="how DNS-SD instance names behave, not a change to the registry"),
    Entry(N, "This service name is no longer in use.",
          _rows("iad1:/* iad2:/* iad3:/* la-maint:/*"), (Event(K.NO_LONGER_IN_USE),)),
    Entry(N, 'This service name was previously assigned under the name "JSON Mail Access '
             'Protocol". This has been de-assigned and re-assigned with the approval of the '
             "previous assignee.",
          _rows("jmap:/tcp"),
          (Event(K.FORMERLY, subject="JSON Mail Access Protocol"), Event(K.DEASSIGNED),
           Event(K.REASSIGNED))),
    Entry(N, 'Note: Registration updated May 2007. Was formerly listed as "iChat AV"',
          _rows("presence:/*"),
          (Event(K.MODIFIED, "2007-05"), Event(K.FORMERLY, subject="iChat AV"))),
)  # fmt: skip

# The names IANA replaced with well-formed ones (RFC 6335): the historic name's rows say
# 'This entry is an alias to "<new>". This entry is now historic, ...', the new name's
# rows 'IANA assigned this well-formed service name as a replacement for "<old>".', on
# the same ports and protocols. (EtherNet/IP-1 and -2 are above: their notes say more.)
WELL_FORMED = (
    ("whois++", "whoispp", "63/tcp 63/udp"),
    ("sql*net", "sql-net", "66/tcp 66/udp"),
    ("cl/1", "cl-1", "172/tcp 172/udp"),
    ("z39.50", "z39-50", "210/tcp 210/udp"),
    ("914c/g", "914c-g", "211/tcp 211/udp"),
    ("subntbcst_tftp", "subntbcst-tftp", "247/tcp 247/udp"),
    ("rsvp_tunnel", "rsvp-tunnel", "363/tcp 363/udp"),
    ("ocs_cmu", "ocs-cmu", "428/tcp 428/udp"),
    ("ocs_amu", "ocs-amu", "429/tcp 429/udp"),
    ("cvc_hostd", "cvc-hostd", "442/tcp 442/udp"),
    ("dec_dlm", "dec-dlm", "625/tcp 625/udp"),
    ("acmaint_dbd", "acmaint-dbd", "774/udp"),
    ("acmaint_transd", "acmaint-transd", "775/udp"),
    ("mdbs_daemon", "mdbs-daemon", "800/tcp 800/udp"),
    ("iclcnet_svinfo", "iclcnet-svinfo", "887/tcp 887/udp"),
    ("instl_boots", "instl-boots", "1067/tcp 1067/udp"),
    ("instl_bootc", "instl-bootc", "1068/tcp 1068/udp"),
    ("encrypted_admin", "encrypted-admin", "1138/tcp 1138/udp"),
    ("bmc_patroldb", "bmc-patroldb", "1313/tcp 1313/udp"),
    ("udt_os", "udt-os", "1382/tcp 1382/udp 3900/tcp 3900/udp"),
    ("atex_elmd", "atex-elmd", "1385/tcp 1385/udp"),
    ("novell-lu6.2", "novell-lu6-2", "1416/tcp 1416/udp"),
    ("interhdl_elmd", "interhdl-elmd", "1454/tcp 1454/udp"),
    ("ibm_wrless_lan", "ibm-wrless-lan", "1461/tcp 1461/udp"),
    ("msl_lmd", "msl-lmd", "1464/tcp 1464/udp"),
    ("nms_topo_serv", "nms-topo-serv", "1486/tcp 1486/udp"),
    ("netmap_lm", "netmap-lm", "1493/tcp 1493/udp"),
    ("veritas_pbx", "veritas-pbx", "1556/tcp 1556/udp"),
    ("pra_elmd", "pra-elmd", "1587/tcp 1587/udp"),
    ("shiva_confsrvr", "shiva-confsrvr", "1651/tcp 1651/udp"),
    ("pipe_server", "pipe-server", "2010/udp"),
    ("wrs_registry", "wrs-registry", "2340/tcp 2340/udp"),
    ("redstorm_join", "redstorm-join", "2346/tcp 2346/udp"),
    ("redstorm_find", "redstorm-find", "2347/tcp 2347/udp"),
    ("redstorm_info", "redstorm-info", "2348/tcp 2348/udp"),
    ("redstorm_diag", "redstorm-diag", "2349/tcp 2349/udp"),
    ("lan900_remote", "lan900-remote", "2395/tcp 2395/udp"),
    ("bues_service", "bues-service", "2446/tcp 2446/udp"),
    ("ncr_ccl", "ncr-ccl", "2528/tcp 2528/udp"),
    ("corel_vncadmin", "corel-vncadmin", "2654/tcp 2654/udp"),
    ("elvin_server", "elvin-server", "2916/tcp 2916/udp"),
    ("elvin_client", "elvin-client", "2917/tcp 2917/udp"),
    ("broker_service", "broker-service", "3014/tcp 3014/udp"),
    ("notify_srvr", "notify-srvr", "3016/tcp 3016/udp"),
    ("event_listener", "event-listener", "3017/tcp 3017/udp"),
    ("srvc_registry", "srvc-registry", "3018/tcp 3018/udp"),
    ("resource_mgr", "resource-mgr", "3019/tcp 3019/udp"),
    ("nds_sso", "nds-sso", "3024/tcp 3024/udp"),
    ("LiebDevMgmt_C", "LiebDevMgmt-C", "3027/tcp 3027/udp"),
    ("LiebDevMgmt_DM", "LiebDevMgmt-DM", "3028/tcp 3028/udp"),
    ("LiebDevMgmt_A", "LiebDevMgmt-A", "3029/tcp 3029/udp"),
    ("gds_db", "gds-db", "3050/tcp 3050/udp"),
    ("stm_pproc", "stm-pproc", "3080/tcp 3080/udp"),
    ("printer_agent", "printer-agent", "3396/tcp 3396/udp"),
    ("dl_agent", "dl-agent", "3876/tcp 3876/udp"),
    ("dbcontrol_agent", "dbcontrol-agent", "3938/tcp 3938/udp"),
    ("mapper-ws_ethd", "mapper-ws-ethd", "3986/tcp 3986/udp"),
    ("dsmeter_iatc", "dsmeter-iatc", "4060/tcp 4060/udp"),
    ("avanti_cdp", "avanti-cdp", "4065/tcp 4065/udp"),
    ("nuts_dem", "nuts-dem", "4132/tcp 4132/udp"),
    ("nuts_bootp", "nuts-bootp", "4133/tcp 4133/udp"),
    ("cedros_fds", "cedros-fds", "4140/tcp 4140/udp"),
    ("menandmice_noh", "menandmice-noh", "4151/tcp 4151/udp"),
    ("idig_mux", "idig-mux", "4152/tcp 4152/udp"),
    ("universe_suite", "universe-suite", "4184/tcp 4184/udp"),
    ("csc_proxy", "csc-proxy", "4187/tcp"),
    ("matrix_vnet", "matrix-vnet", "4360/tcp"),
    ("elpro_tunnel", "elpro-tunnel", "4370/tcp 4370/udp"),
    ("contamac_icm", "contamac-icm", "4846/tcp 4846/udp"),
    ("flr_agent", "flr-agent", "4901/tcp"),
    ("rmonitor_secure", "rmonitor-secure", "5145/tcp 5145/udp"),
    ("esri_sde", "esri-sde", "5151/tcp 5151/udp"),
    ("ife_icorp", "ife-icorp", "5165/tcp 5165/udp"),
    ("bmc_ctd_ldap", "bmc-ctd-ldap", "6301/tcp 6301/udp"),
    ("sge_qmaster", "sge-qmaster", "6444/tcp 6444/udp"),
    ("sge_execd", "sge-execd", "6445/tcp 6445/udp"),
    ("boks_servc", "boks-servc", "6501/tcp 6501/udp"),
    ("boks_servm", "boks-servm", "6502/tcp 6502/udp"),
    ("boks_clntd", "boks-clntd", "6503/tcp 6503/udp"),
    ("badm_priv", "badm-priv", "6505/tcp 6505/udp"),
    ("badm_pub", "badm-pub", "6506/tcp 6506/udp"),
    ("bdir_priv", "bdir-priv", "6507/tcp 6507/udp"),
    ("bdir_pub", "bdir-pub", "6508/tcp 6508/udp"),
    ("canit_store", "canit-store", "6568/tcp"),
    ("vision_server", "vision-server", "6672/tcp 6672/udp"),
    ("vision_elmd", "vision-elmd", "6673/tcp 6673/udp"),
    ("erunbook_agent", "erunbook-agent", "9616/tcp"),
    ("erunbook_server", "erunbook-server", "9617/tcp"),
    ("documentum_s", "documentum-s", "10003/tcp 10003/udp"),
    ("nburn_id", "nburn-id", "20034/tcp 20034/udp"),
    ("intel_rci", "intel-rci", "24386/tcp 24386/udp"),
    ("dsx_monitor", "dsx-monitor", "31685/tcp"),
    ("iceedcp_tx", "iceedcp-tx", "31948/tcp 31948/udp"),
    ("iceedcp_rx", "iceedcp-rx", "31949/tcp 31949/udp"),
)


def _well_formed_entries() -> Iterable[Entry]:
    for old, new, places in WELL_FORMED:
        yield Entry(
            N,
            f'This entry is an alias to "{new}". This entry is now historic',
            tuple(f"{old}:{place}" for place in places.split()),
            (Event(K.HISTORIC_ALIAS, names=(new,)),),
        )
        yield Entry(
            D,
            f'IANA assigned this well-formed service name as a replacement for "{old}".',
            tuple(f"{new}:{place}" for place in places.split()),
            (Event(K.RENAMED, names=(old,)),),
        )


TABLE = (*EXPLICIT, *_well_formed_entries())
_BY_ROW = {(row, entry.field): entry for entry in TABLE for row in entry.rows}


def _key(row: Assignment) -> str:
    return f"{row.service or ''}:{row.port_text}/{row.protocol.value if row.protocol else '*'}"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _seen(row: Assignment, field: str) -> list[Event]:
    """The row's events from ``field``, in the table's terms."""
    found = []
    for event in events_of(row):
        if event.field != field:
            continue
        found.append(
            Event(
                event.kind,
                str(event.date) if event.date else None,
                event.ports,
                event.names[1:] if row.service else event.names,
                event.subject,
            )
        )
    return found


def test_the_table_names_each_row_and_field_once() -> None:
    assert len(_BY_ROW) == sum(len(entry.rows) for entry in TABLE)
    assert all(entry.events or entry.why for entry in TABLE)


def _check_table(rows: Sequence[Assignment]) -> None:
    by_key: dict[str, list[Assignment]] = {}
    for row in rows:
        by_key.setdefault(_key(row), []).append(row)
    for entry in TABLE:
        for key in entry.rows:
            assert key in by_key, f"{key} is not in the registry"
            for row in by_key[key]:
                assert entry.quote in _flat(getattr(row, entry.field) or ""), (key, entry.quote)
                expected = [
                    e._replace(ports=tuple(row.ports)) if e.ports is None else e
                    for e in entry.events
                ]
                assert _seen(row, entry.field) == expected, (key, entry.quote)


def _check_complete(rows: Sequence[Assignment]) -> None:
    missing = [
        (_key(row), field, _flat(text)[:80])
        for row in rows
        for field in (D, N)
        if (text := getattr(row, field)) and CHANGE_WORDS.search(text)
        if (_key(row), field) not in _BY_ROW
    ]
    assert missing == [], "texts that tell of a change and are not in the table"


def test_every_listed_text_gives_the_events_the_table_gives() -> None:
    _check_table(tuple(registry()))


def test_every_text_of_the_snapshot_that_tells_of_a_change_is_in_the_table() -> None:
    _check_complete(tuple(registry()))


def test_every_text_of_the_xml_that_tells_of_a_change_is_in_the_table(shared_xml: Path) -> None:
    rows = tuple(Registry.from_file(shared_xml))
    _check_complete(rows)
    _check_table(rows)


def test_a_row_out_of_the_table_is_found() -> None:
    row = Assignment(None, 7, 7, None, "Unassigned", Status.UNASSIGNED, notes="Renamed in 2031")
    with pytest.raises(AssertionError, match="not in the table"):
        _check_complete((row,))


# -- the cases the audit found ----------------------------------------------------------


def test_presence_was_updated_in_may_2007_and_formerly_listed_as_ichat_av() -> None:
    history = service("presence").history
    assert [(e.kind, str(e.date) if e.date else None, e.subject) for e in history] == [
        (K.MODIFIED, "2007-05", None),
        (K.FORMERLY, None, "iChat AV"),
    ]
    assert history[0].date == RegistryDate(datetime.date(2007, 5, 1), DatePrecision.MONTH)


def test_jmap_was_de_assigned_and_re_assigned() -> None:
    kinds = [e.kind for e in service("jmap").history]
    assert kinds == [K.FORMERLY, K.DEASSIGNED, K.REASSIGNED]


@pytest.mark.parametrize(
    ("name", "port"), [("netconfsoaphttp", 832), ("netconfsoapbeep", 833), ("netconf-beep", 831)]
)
def test_the_names_rfc_9900_released_keep_their_former_port(name: str, port: int) -> None:
    info = service(name)
    assert info.former_ports == (port,)
    assert {(e.kind, e.ports) for e in info.history} == {(K.RELEASED, (port,))}
    assert f"formerly {port}" in info.summary


@pytest.mark.parametrize(
    ("port", "protocol", "kind"),
    [
        (585, None, K.DEREGISTERED),
        (659, None, K.REMOVED),
        (1028, None, K.DEREGISTERED),
        (2682, None, K.REMOVED),
        (2905, "udp", K.DEREGISTERED),
        (3403, None, K.DEREGISTERED),
        (3404, None, K.REMOVED),
        (7626, "udp", K.DEREGISTERED),
        (9006, None, K.DEREGISTERED),
        (14001, "udp", K.DEREGISTERED),
        (26264, None, K.DEREGISTERED),
    ],
)
def test_a_row_described_by_its_status_alone_gives_an_undated_event(
    port: int, protocol: str | None, kind: HistoryKind
) -> None:
    (row,) = [
        r
        for r in registry()
        if r.first == port and (r.protocol.value if r.protocol else None) == protocol
    ]
    described = [e for e in events_of(row) if e.field == D]
    assert [(e.kind, e.date, e.ports) for e in described] == [(kind, None, (port,))]


def test_sua_was_de_registered_from_14001_udp_only() -> None:
    (event,) = service("sua").history
    assert (event.kind, event.date, event.ports) == (K.DEREGISTERED, None, (14001,))
    assert event.protocol is not None
    assert event.protocol.value == "udp"
    assert service("sua").former_ports == ()  # it still holds 14001 on other transports


# -- the forms, on any date and in any case --------------------------------------------

_STATUS_WORDS = {
    "De-registered": K.DEREGISTERED,
    "Deprecated": K.DEREGISTERED,
    "De-Commissioned Port": K.DEREGISTERED,
    "Removed": K.REMOVED,
}


def _row(description: str = "Reserved", notes: str | None = None, port: int = 7) -> Assignment:
    return Assignment(None, port, port, None, description, Status.RESERVED, notes=notes)


@given(
    word=st.sampled_from(sorted(_STATUS_WORDS)),
    case=st.sampled_from([str, str.lower, str.upper, str.title]),
    port=st.integers(min_value=0, max_value=65535),
)
def test_a_status_word_alone_is_an_undated_event_of_its_kind(
    word: str, case: Callable[[str], str], port: int
) -> None:
    (event,) = events_of(_row(case(word), port=port))
    assert (event.kind, event.date, event.ports) == (_STATUS_WORDS[word], None, (port,))


@given(word=st.sampled_from(sorted(_STATUS_WORDS)), other=st.sampled_from(["use", "port 7"]))
def test_a_status_word_inside_other_words_is_not_one(word: str, other: str) -> None:
    assert events_of(_row(f"{word} {other}")) == ()


@given(day=st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2030, 12, 31)))
def test_registration_updated_on_any_month(day: datetime.date) -> None:
    text = f'Note: Registration updated {day:%B %Y}. Was formerly listed as "X {day.day}"'
    first, second = events_of(_row(notes=text))
    assert first.kind is K.MODIFIED
    assert first.date == RegistryDate(day.replace(day=1), DatePrecision.MONTH)
    assert (second.kind, second.subject) == (K.FORMERLY, f"X {day.day}")
