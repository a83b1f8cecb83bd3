// Kept out of the HTML so the page works under a strict Content-Security-Policy (no inline scripts).
const companyId = new URLSearchParams(window.location.search).get('companyId');
if (companyId === null) {
  document.getElementById('pulse-card').textContent = 'Add ?companyId=<HubSpot company id> to the address.';
} else {
  window.PulseWidget.mount(document.getElementById('pulse-card'), { companyId, variant: 'card' });
  window.PulseWidget.mount(document.getElementById('pulse-sidebar'), { companyId, variant: 'sidebar' });
}
