// Standalone bundle for third-party pages: <script type="module" src="https://…/widgets/conv-stepper.js">.
import ConvStepper from '~/widgets/conv-stepper/ConvStepper.svelte';
import { schema } from '~/widgets/conv-stepper/model';
import { defineWidgetElement } from '../define-element.svelte';
import { setSiteOrigin } from '../site';

setSiteOrigin(new URL(import.meta.url).origin);
defineWidgetElement('dl-conv-stepper', ConvStepper as never, Object.keys(schema));
