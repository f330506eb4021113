from django.utils.translation import gettext_lazy as _

from yhteispolku.core.errors import DomainError


class NoContactDetail(DomainError):
    code = "no_contact_detail"
    default_message = _("Asiakkaalla ei ole tähän kanavaan yhteystietoa. Lisää se ensin asiakastietoihin.")


class AgreementExists(DomainError):
    code = "notice_agreement_exists"
    status = 409
    default_message = _("Ilmoitukset tähän yhteystietoon on jo sovittu.")


class NoAgreement(DomainError):
    code = "no_notice_agreement"
    status = 409
    default_message = _("Ilmoituksista tähän kanavaan ei ole voimassa olevaa sopimusta.")
