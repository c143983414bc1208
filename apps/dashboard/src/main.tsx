import { prefetch } from './lib/boot';

prefetch(location.hash);
void import('./mount').then(({ mount }) => mount(document.getElementById('root')!));
