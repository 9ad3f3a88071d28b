// Standalone bundle for third-party pages: <script type="module" src="https://…/widgets/pool-stepper.js">.
import PoolStepper from '~/widgets/pool-stepper/PoolStepper.svelte';
import { schema } from '~/widgets/pool-stepper/model';
import { defineWidgetElement } from '../define-element.svelte';
import { setSiteOrigin } from '../site';

setSiteOrigin(new URL(import.meta.url).origin);
defineWidgetElement('dl-pool-stepper', PoolStepper as never, Object.keys(schema));
