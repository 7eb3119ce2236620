from rest_framework.renderers import BaseRenderer


class PDFRenderer(BaseRenderer):
    """Passes through the bytes of a PDF the view built (`?format=pdf`)."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data
