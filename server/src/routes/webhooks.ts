import { Router } from 'express';
import { assertSignedRequest } from '../http/caller';
import { ZWebhookBatch } from '../services/webhooks';
import type { RouteContext } from './context';

/** HubSpot's webhook deliveries: verify the signature, parse the batch, hand it to the intake (services/webhook-intake.ts). */
export const webhookRoutes = (ctx: RouteContext) => {
  const router = Router();
  router.post('/webhooks/hubspot', async (req, res) => {
    // a webhook's bytes are unique per delivery; the replay memory needs no portal scope
    assertSignedRequest(req, ctx.signing, () => 'webhook');
    const events = ZWebhookBatch.parse(req.body);
    res.json(await ctx.webhooks.receive(events, ctx.now(), req.log));
  });
  return router;
};
