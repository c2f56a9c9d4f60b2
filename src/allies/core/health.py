"""`/healthz`: for load balancers and monitoring, whether this process can serve.

200 when the database answers a query, 503 when it does not, so that a load balancer sends no
more requests to a process that would fail them. It needs no sign-in and shows no detail: the
reason is logged, not sent. It is answered by the first middleware, before the host name is
checked against ALLOWED_HOSTS or HTTP is redirected to HTTPS, because load balancers and
monitoring ask each process directly by its address (http://10.0.0.5:8001/healthz).
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

PATH = "/healthz"

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


class HealthCheckMiddleware:
    """Answers /healthz before any other middleware looks at the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH:
            return healthz(request)
        return self.get_response(request)
