// The /docs page: Swagger UI (served from our own jar) over our own /openapi.json. A separate file, because the
// page's Content-Security-Policy allows no inline script.
'use strict';
window.addEventListener('load', () => {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'BaseLayout',
  });
});
